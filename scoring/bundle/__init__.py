"""Period bundles (INTERFACES.md §1): CSV folders and .xlsx workbooks <-> ``PeriodBundle``."""
