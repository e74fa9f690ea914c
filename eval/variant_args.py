"""The command line the variant tools share (`eval.counterfactual`, `eval.thing_variants`): positional arguments and
`--key=value` options, as their docstrings show."""

from __future__ import annotations


def split_argv(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """(positional arguments, {option: value}) of `argv`; a bare `--flag` has the value ""."""
    args = [a for a in argv if not a.startswith("--")]
    options = {key: value for key, _, value in (a[2:].partition("=") for a in argv if a.startswith("--"))}
    return args, options
