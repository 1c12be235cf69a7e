"""One module per ``analyzer`` subcommand: ``add_parser(sub, name, help)`` and ``run(args)``."""
