"""Prices and sizes in a market's units, exactly (docs/MARKETS.md, "Human units").

A price is written in quote units per whole base unit (`30010.00` USDT per BTC) and carried
as quote minor units per whole base unit; a size is written in base units (`0.01` BTC) and
carried in base minor units. Reading never rounds: a value that does not fit the market is
refused with the rule it breaks, before anything is signed or sent. No floats anywhere.
"""
from dataclasses import dataclass

from .encoding import MarketDefinition

TEXT_MAX_BYTES = 64
U64_MAX = (1 << 64) - 1


class UnitsError(ValueError):
    """A refused price or size: `code` and `name` as docs/MARKETS.md lists them."""
    CODES = {"units_malformed": 5101, "units_too_many_decimals": 5102, "units_overflow": 5103,
             "price_off_tick": 5104, "price_out_of_bounds": 5105, "size_not_lot_multiple": 5106,
             "size_below_minimum": 5107}

    def __init__(self, name: str, message: str):
        super().__init__(f"{name} ({self.CODES[name]}): {message}")
        self.name = name
        self.code = self.CODES[name]


def _is_digits(text: str) -> bool:
    return text != "" and all("0" <= c <= "9" for c in text)


def minor_units(text: str, decimals: int, asset: str, quantity: str) -> int:
    """Reads `text` (digits, optionally grouped by ',' in threes, then optionally '.' and
    digits) into minor units of an asset with `decimals` decimals, exactly."""
    subject = f"{quantity} '{text}'"
    if text == "":
        raise UnitsError("units_malformed", f"{subject} is not a decimal number: empty")
    if len(text.encode()) > TEXT_MAX_BYTES:
        raise UnitsError("units_malformed", f"{subject} is not a decimal number: longer than {TEXT_MAX_BYTES} characters")
    whole, point, fraction = text.partition(".")
    groups = whole.split(",")
    if not all(_is_digits(g) for g in groups) or (len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]))):
        raise UnitsError("units_malformed", f"{subject} is not a decimal number: want digits, optionally grouped by ',' in threes")
    if point and not _is_digits(fraction):
        raise UnitsError("units_malformed", f"{subject} is not a decimal number: want at least one digit after '.'")
    if any(c != "0" for c in fraction[decimals:]):
        raise UnitsError("units_too_many_decimals", f"{subject} has more than {decimals} decimal places ({asset} has {decimals})")
    value = int("".join(groups) + fraction[:decimals].ljust(decimals, "0"))
    if value > U64_MAX:
        raise UnitsError("units_overflow", f"{subject} is more minor units than 64 bits hold")
    return value


def format_units(minor: int, decimals: int, display_decimals: int) -> str:
    """`minor` in whole units: ',' every three digits, at least `display_decimals` decimal
    places and more only where the value has non-zero digits."""
    whole, fraction = divmod(minor, 10 ** decimals)
    text = f"{whole:,}"
    if decimals == 0:
        return text
    digits = str(fraction).rjust(decimals, "0")
    while len(digits) > display_decimals and digits.endswith("0"):
        digits = digits[:-1]
    return f"{text}.{digits}" if digits else text


def display_decimals(decimals: int, step: int) -> int:
    zeros = 0
    while step > 0 and step % 10 == 0:
        zeros, step = zeros + 1, step // 10
    return max(0, decimals - zeros)


@dataclass(frozen=True)
class MarketUnits:
    market: MarketDefinition

    @property
    def price_display_decimals(self) -> int:
        return display_decimals(self.market.quote_decimals, self.market.tick_size)

    @property
    def size_display_decimals(self) -> int:
        return display_decimals(self.market.base_decimals, self.market.lot_size)

    def price(self, text: str) -> int:
        """A price in quote units per whole base unit → quote minor units per whole base unit."""
        m = self.market
        minor = minor_units(text, m.quote_decimals, m.quote, "price")
        if minor % m.tick_size:
            raise UnitsError("price_off_tick", f"price '{text}' is not a multiple of the tick "
                             f"{self.format_price(m.tick_size)} (tick_size {m.tick_size})")
        ticks = minor // m.tick_size
        lowest = m.min_price_ticks or 1
        if ticks < lowest:
            raise UnitsError("price_out_of_bounds", f"price '{text}' is below the lowest price "
                             f"{self.format_price(lowest * m.tick_size)} (min_price_ticks)")
        if m.max_price_ticks is not None and ticks > m.max_price_ticks:
            raise UnitsError("price_out_of_bounds", f"price '{text}' is above the highest price "
                             f"{self.format_price(m.max_price_ticks * m.tick_size)} (max_price_ticks)")
        return minor

    def size(self, text: str) -> int:
        """A size in base units → base minor units."""
        m = self.market
        minor = minor_units(text, m.base_decimals, m.base, "size")
        if minor % m.lot_size:
            raise UnitsError("size_not_lot_multiple", f"size '{text}' is not a multiple of the lot "
                             f"{self.format_size(m.lot_size)} (lot_size {m.lot_size})")
        if minor < m.min_size:
            raise UnitsError("size_below_minimum", f"size '{text}' is below the minimum size "
                             f"{self.format_size(m.min_size)} (min_size {m.min_size})")
        return minor

    def format_price(self, minor: int) -> str:
        return format_units(minor, self.market.quote_decimals, self.price_display_decimals)

    def format_size(self, minor: int) -> str:
        return format_units(minor, self.market.base_decimals, self.size_display_decimals)
