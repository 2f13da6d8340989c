"""The commands of the ``foretell`` command line, one module each, registered by ``cli``."""
