"""star-rate: star-rating assessments from YAML criteria, reviews and surveys."""

__version__ = "0.1.0"
