"""Subcommands of ``kehoach``: one module each (``DESCRIPTION``, ``configure(parser)``, ``run(args, ui)``).

A command parses nothing itself beyond its own options: it reads its input files through
the kind registry (`generator.kinds`), calls the core, writes files through
`generator.run`, and tells what it did through `ui` (`generator.cli.Ui`). It raises a
`KehoachError` for anything that stops it; `generator.cli` prints it and exits.
"""
