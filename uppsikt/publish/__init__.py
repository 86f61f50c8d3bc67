"""Publishing: immutable report versions, exact rebuild, differences and their causes."""

from uppsikt.publish._diff import Diff, FigureChange, InputChange, compare, diff, input_changes
from uppsikt.publish._figures import Figure, figures
from uppsikt.publish._inputs import Configuration, build_with, input_state, report_hash
from uppsikt.publish._manifest import Manifest
from uppsikt.publish._rebuild import Rebuild, build_current, rebuild
from uppsikt.publish._store import (
    PUBLISH_PDF_VARIANT,
    PUBLISHED_DIR,
    StoredVersion,
    find_version,
    list_versions,
    publish,
)
from uppsikt.publish._verify import verify_versions
from uppsikt.publish._version_ref import CURRENT, VersionRef, parse_version

__all__ = [
    "CURRENT",
    "PUBLISHED_DIR",
    "PUBLISH_PDF_VARIANT",
    "Configuration",
    "Diff",
    "Figure",
    "FigureChange",
    "InputChange",
    "Manifest",
    "Rebuild",
    "StoredVersion",
    "VersionRef",
    "build_current",
    "build_with",
    "compare",
    "diff",
    "figures",
    "find_version",
    "input_changes",
    "input_state",
    "list_versions",
    "parse_version",
    "publish",
    "rebuild",
    "report_hash",
    "verify_versions",
]
