"""kehoach: official CCHC documents (Nghị định 30/2020/NĐ-CP) from plans written in YAML."""

__version__ = "0.1.0"
