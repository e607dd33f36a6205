"""Excel for the council and for offline scoring (openpyxl).

Building is separate from sending: every builder here takes plain data and
returns the workbook's bytes; services gather the data (figures only from
``scoring.services.rankings``), views send the bytes. Text typed by people is
always written through ``safe`` so that it can never become a formula.
"""
