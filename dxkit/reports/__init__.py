"""Reports: parameterised notebooks run by papermill, exported to HTML and PDF."""
