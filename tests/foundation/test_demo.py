"""`scoring demo` prepares everything a newcomer needs: schema, sample, printed accounts."""

from __future__ import annotations

import re

from tests.conftest import Browserless


def test_demo_prints_accounts_that_sign_in(app, runner):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    password = re.search(r"mật khẩu / password: (\S+)", result.output).group(1)
    for username in ("quantri", "hoidong", "c1.truong", "c9.pho"):
        assert username in result.output
    client = Browserless(app.test_client())
    signed_in = client.login("c9.truong", password)
    assert signed_in.status_code == 302 and "/login" not in signed_in.headers["Location"]
    # Running it again resets the accounts to a new printed password.
    again = runner.invoke(args=["demo", "--no-serve"])
    new_password = re.search(r"mật khẩu / password: (\S+)", again.output).group(1)
    assert Browserless(app.test_client()).login("hoidong", new_password).status_code == 302
