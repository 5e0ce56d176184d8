"""Import the modules that register CLI sub-commands."""
