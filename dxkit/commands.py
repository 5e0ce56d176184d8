"""Import the modules that register CLI sub-commands (each registers with `dxkit.cli.command`)."""
import dxkit.intake.commands  # noqa: F401
import dxkit.reports.commands  # noqa: F401
