"""pressroom: turns a campaign's words into its whole media kit."""

__version__ = "0.1.0"
GENERATOR = f"pressroom {__version__}"
