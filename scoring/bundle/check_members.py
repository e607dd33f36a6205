"""Checking the ``clusters`` and ``federations`` tables, and who leads each cluster.

Clusters and federations refer to each other (a federation's cluster, a
cluster's leader and deputy), so both are read first and the references are
checked afterwards, each problem at the cell that holds the bad reference.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field

from scoring.engine.problems import Problem

from . import cells
from .check_scheme import duplicate_code
from .model import BundleCluster, BundleFederation
from .raw import RawTable, Row

Found = MutableMapping[str, list[Problem]]


@dataclass
class Members:
    """The checked clusters and federations, and the codes others may refer to.

    A ``None`` set of codes means the table could not be read, so references to
    it are not checked (its absence is already reported).
    """

    clusters: list[BundleCluster] = field(default_factory=list)
    federations: list[BundleFederation] = field(default_factory=list)
    cluster_codes: set[str] | None = None
    federation_codes: dict[str, str] | None = None
    cluster_of: dict[str, str | None] = field(default_factory=dict)


def check_members(clusters: RawTable | None, federations: RawTable | None, found: Found) -> Members:
    """Clusters, then federations (whose cluster must exist), then leaders and deputies."""
    members = Members()
    cluster_rows = _read_clusters(clusters, members, found["clusters"])
    _read_federations(federations, members, found["federations"])
    _check_officers(cluster_rows, members, found["clusters"])
    return members


def _read_clusters(
    table: RawTable | None, members: Members, problems: list[Problem]
) -> list[tuple[Row, BundleCluster]]:
    if table is None:
        return []
    members.cluster_codes = set()
    first: dict[str, Row] = {}
    read: list[tuple[Row, BundleCluster]] = []
    for row in table.data_rows():
        before = len(problems)
        code = row.take("code", cells.code, problems, required=True)
        name = row.take("name", _name, problems, required=True)
        leader = row.take("leader", cells.code, problems)
        deputy = row.take("deputy", cells.code, problems)
        if code is not None:
            if code in first:
                problems.append(duplicate_code(row, "code", code, first[code].where("code")))
            else:
                first[code] = row
                members.cluster_codes.add(code)
        if len(problems) == before and code is not None and name is not None:
            cluster = BundleCluster(code, name, leader, deputy)
            members.clusters.append(cluster)
            read.append((row, cluster))
    return read


def _read_federations(table: RawTable | None, members: Members, problems: list[Problem]) -> None:
    if table is None:
        return
    members.federation_codes = {}
    first: dict[str, Row] = {}
    for row in table.data_rows():
        before = len(problems)
        code = row.take("code", cells.code, problems, required=True)
        name = row.take("name", _name, problems, required=True)
        cluster = row.take("cluster", cells.code, problems, required=True)
        succeeds = row.take("succeeds", _succeeds, problems) or ()
        known = members.cluster_codes
        if cluster is not None and known is not None and cluster not in known:
            problems.append(
                row.problem(
                    "cluster",
                    f"không có cụm mã «{cluster}»",
                    f"there is no cluster with code «{cluster}»",
                )
            )
            cluster = None
        if code is not None:
            if code in first:
                problems.append(duplicate_code(row, "code", code, first[code].where("code")))
            else:
                first[code] = row
                members.federation_codes[code] = code
                members.cluster_of[code] = cluster
        if len(problems) == before and code and name and cluster:
            members.federations.append(BundleFederation(code, name, cluster, succeeds))


def _name(raw: object) -> str | None:
    return cells.text(raw, cells.NAME_LENGTH)


def _succeeds(raw: object) -> tuple[str, ...]:
    """``HPG;HDG``: the earlier periods' federations this one continues, in order, once each."""
    codes: list[str] = []
    for part in cells.plain(raw).split(";"):
        code = cells.code(part)
        if code is not None and code not in codes:
            codes.append(code)
    return tuple(codes)


def _check_officers(
    read: list[tuple[Row, BundleCluster]], members: Members, problems: list[Problem]
) -> None:
    """A cluster's leader and deputy are two different federations of that cluster."""
    for row, cluster in read:
        for column, code in (("leader", cluster.leader), ("deputy", cluster.deputy)):
            if code is not None:
                _check_member(row, column, code, cluster.code, members, problems)
        if cluster.leader is not None and cluster.leader == cluster.deputy:
            problems.append(
                row.problem(
                    "deputy",
                    f"cụm trưởng và cụm phó đều là «{cluster.deputy}»; phải là hai đơn vị khác nhau",
                    f"the leader and the deputy are both «{cluster.deputy}»; they must be two different federations",
                )
            )


def _check_member(
    row: Row, column: str, code: str, cluster: str, members: Members, problems: list[Problem]
) -> None:
    if members.federation_codes is None:
        return
    if code not in members.federation_codes:
        vi, en = f"không có đơn vị mã «{code}»", f"there is no federation with code «{code}»"
    elif members.cluster_of[code] not in (cluster, None):
        other = members.cluster_of[code]
        vi = f"đơn vị «{code}» thuộc cụm «{other}», không thuộc cụm «{cluster}»"
        en = f"federation «{code}» belongs to cluster «{other}», not to «{cluster}»"
    else:
        return
    problems.append(row.problem(column, vi, en))
