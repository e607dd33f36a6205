"""``create-user``, ``create-token`` and ``demo``: the account side of the CLI."""

from __future__ import annotations

import secrets
import sys

import click
from flask import current_app
from sqlalchemy import select

from scoring.database import unit_of_work
from scoring.engine.collation import vi_sort_key
from scoring.models import Cluster, Period, User
from scoring.services.accounts import create_token, create_user, find_user, set_password
from scoring.services.users_admin import known_cluster_codes

from .cli_common import init_db, load_sample, refusals_exit_1


@click.command("create-user")
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "committee", "leader", "deputy"])
)
@click.option("--cluster", "cluster_code", help="Cluster code, for leader and deputy accounts.")
@click.option("--display-name", help="The name shown on pages.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@refusals_exit_1
def create_user_command(
    name: str, role: str, cluster_code: str | None, display_name: str | None, password_stdin: bool
) -> None:
    """Create an account; the password is asked for (or read from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu / Password", hide_input=True, confirmation_prompt=True)
    with unit_of_work() as session:
        create_user(session, name, password, role, cluster_code, display_name, actor="cli")
        in_cluster = cluster_code is not None and role in ("leader", "deputy")
        known = in_cluster and cluster_code in known_cluster_codes(session)
    click.echo(f"Đã tạo tài khoản {name} ({role}). / Created account {name}.")
    if cluster_code and role not in ("leader", "deputy"):
        click.echo(
            f"Lưu ý: --cluster bị bỏ qua với vai trò {role}. / Note: --cluster is ignored for {role}.",
            err=True,
        )
    elif cluster_code and not known:
        click.echo(
            f"Lưu ý: chưa năm thi đua nào có cụm «{cluster_code}»; tài khoản chưa thấy cụm nào "
            f"cho đến khi có. / Note: no period has a cluster «{cluster_code}» yet; the account "
            "sees no cluster until one does.",
            err=True,
        )


@click.command("create-token")
@click.argument("name")
@refusals_exit_1
def create_token_command(name: str) -> None:
    """Print a new API token for the user NAME (shown once; only its hash is kept)."""
    with unit_of_work() as session:
        token = create_token(session, find_user(session, name), actor="cli")
    click.echo(token)


DEMO_COMMITTEE = ("hoidong", "Thư ký Hội đồng TĐKT")
DEMO_ADMIN = ("quantri", "Quản trị hệ thống")


def demo_accounts(password: str) -> list[tuple[str, str, str | None]]:
    """Create or reset the demo accounts: an admin, a committee member, and a leader
    and a deputy for every cluster code of any period. All share ``password``."""
    with unit_of_work() as session:
        names: dict[str, str] = {}
        for code, name in session.execute(
            select(Cluster.code, Cluster.name).join(Period).order_by(Period.year)
        ):
            names[code] = name  # the newest period's name for each code
        wanted: list[tuple[str, str, str | None, str]] = [
            (DEMO_ADMIN[0], "admin", None, DEMO_ADMIN[1]),
            (DEMO_COMMITTEE[0], "committee", None, DEMO_COMMITTEE[1]),
        ]
        for code in sorted(names, key=vi_sort_key):
            slug = code.lower()
            wanted.append((f"{slug}.truong", "leader", code, f"Cụm trưởng {names[code]}"))
            wanted.append((f"{slug}.pho", "deputy", code, f"Cụm phó {names[code]}"))
        for username, role, code, display in wanted:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                create_user(session, username, password, role, code, display, actor="demo")
            else:
                set_password(session, user, password, actor="demo")
                user.failed_logins, user.locked_until = 0, None
        return [(u, r, c) for u, r, c, _ in wanted]


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prepare everything but do not start the server.")
@refusals_exit_1
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """init-db + load-sample + demo accounts (printed) + serve on http://127.0.0.1:5000."""
    init_db()
    for year, loaded in load_sample():
        click.echo(
            f"Năm {year}: {'đã nạp' if loaded else 'đã có'} / {year}: {'loaded' if loaded else 'present'}"
        )
    password = secrets.token_urlsafe(6)
    accounts = demo_accounts(password)
    click.echo("\nTài khoản dùng thử (mật khẩu chung) / Demo accounts (one password):")
    click.echo(f"  mật khẩu / password: {password}")
    for username, role, code in accounts:
        click.echo(f"  {username:<14} {role:<10} {code or ''}")
    url = f"http://{host}:{port}"
    click.echo(f"\nMở trình duyệt tại / Open {url}  (Ctrl+C để dừng / to stop)")
    if not no_serve:
        from werkzeug.serving import run_simple

        run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]


COMMANDS = [create_user_command, create_token_command, demo_command]
