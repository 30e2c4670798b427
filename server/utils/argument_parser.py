"""trame_server.utils.argument_parser's twin: the parser that honours ``--trame-args`` and ``TRAME_ARGS``."""

from ..cli import TrameArgumentParser as ArgumentParser

__all__ = ["ArgumentParser"]
