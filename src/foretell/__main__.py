"""``python -m foretell``: the same as the ``foretell`` command."""

from foretell.cli import main

if __name__ == "__main__":
    main()
