"""The förbund's own economy for one year: medlemsbidrag, kansli, eget kapital and beslut."""

from finsam_xl.forbund.model import Beslut, Forbundsar, Medlem

__all__ = ["Beslut", "Forbundsar", "Medlem"]
