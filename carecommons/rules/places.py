"""Places: postcodes written one way, distances between two points, and National Grid references as latitude and longitude.

Distances are great-circle distances on a sphere of the Earth's mean radius (haversine); over a council's area
they are good to a fraction of a per cent, which is all "how far is it?" needs. They are said in miles, the
unit people in the UK use for travel.

Code-Point Open gives each postcode as an Ordnance Survey National Grid easting and northing (OSGB36). Turning
those into the latitude and longitude everything else here uses (WGS84, as the ONS Postcode Directory,
CQC and maps give them) takes two steps, both from Ordnance Survey's "A guide to coordinate systems in Great
Britain" (v3.6, 2020):

1. the inverse of the Transverse Mercator projection (Annex C, equations C.2 onwards) on the Airy 1830
   ellipsoid with the National Grid's true origin and scale, giving OSGB36 latitude and longitude;
2. a seven-parameter Helmert transformation (section 6.6) from OSGB36 to ETRS89 (which is WGS84 to within
   about a metre in Great Britain), through Cartesian coordinates (Annex B).

Ordnance Survey says the Helmert step is good to about 5 metres across Great Britain (OSTN15, the exact
transformation, is a grid file this project does not ship). Five metres is far finer than a postcode, which
covers a street or a few, so it is good enough for distances to a care home or a carer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carecommons.rules.contact import check_postcode

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG), as rules.market.km_between uses
KM_PER_MILE = 1.609344  # exact, by the international yard and pound agreement of 1959


# --- Postcodes -------------------------------------------------------------------------------------

def normalise_postcode(raw: str) -> str | None:
    """A postcode in upper case with one space before the last three characters, or None when it is not a postcode's shape."""
    checked = check_postcode(raw or "")
    return checked.value if checked.ok else None


# --- Distances -------------------------------------------------------------------------------------

def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points in degrees, not rounded."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles, to one decimal place."""
    return round(haversine_km(a, b) / KM_PER_MILE, 1)


def miles_words(miles: float) -> str:
    """How far, as a person would say it: "less than a mile", "1 mile", "2.4 miles"."""
    if miles < 1:
        return "less than a mile"
    if miles == 1:
        return "1 mile"
    return f"{miles:g} miles"


# --- National Grid (OSGB36) to latitude and longitude (WGS84) -------------------------------------

@dataclass(frozen=True)
class Ellipsoid:
    a: float  # semi-major axis, metres
    b: float  # semi-minor axis, metres

    @property
    def e2(self) -> float:
        return (self.a ** 2 - self.b ** 2) / self.a ** 2


AIRY_1830 = Ellipsoid(6_377_563.396, 6_356_256.909)  # OSGB36's ellipsoid
GRS80 = Ellipsoid(6_378_137.000, 6_356_752.314140)  # ETRS89's ellipsoid (WGS84's differs by 0.1 mm)

# The National Grid's projection (OS guide, Annex A / Table A.1).
F0 = 0.9996012717  # scale factor on the central meridian
PHI0 = math.radians(49.0)  # true origin: 49°N
LAMBDA0 = math.radians(-2.0)  # 2°W
E0, N0 = 400_000.0, -100_000.0  # false easting and northing, metres


@dataclass(frozen=True)
class Helmert:
    """Seven parameters: shifts in metres, scale in parts per million, rotations in seconds of arc."""

    tx: float
    ty: float
    tz: float
    s_ppm: float
    rx: float
    ry: float
    rz: float

    def inverse(self) -> Helmert:
        return Helmert(-self.tx, -self.ty, -self.tz, -self.s_ppm, -self.rx, -self.ry, -self.rz)


# ETRS89 to OSGB36, as OS publishes it (OS guide, section 6.6, Table 4); OSGB36 to ETRS89 is its inverse,
# which is how OS says to go the other way (good to the same few metres).
ETRS89_TO_OSGB36 = Helmert(tx=-446.448, ty=125.157, tz=-542.060, s_ppm=20.4894, rx=-0.1502, ry=-0.2470, rz=-0.8421)
OSGB36_TO_ETRS89 = ETRS89_TO_OSGB36.inverse()


class GridError(ValueError):
    """An easting or northing that is not on the National Grid."""


def _meridional_arc(phi: float, e: Ellipsoid = AIRY_1830) -> float:
    """M, the meridional arc from the true origin's latitude (OS guide, equation C3)."""
    n = (e.a - e.b) / (e.a + e.b)
    d, s = phi - PHI0, phi + PHI0
    return e.b * F0 * ((1 + n + 5 / 4 * n ** 2 + 5 / 4 * n ** 3) * d
                       - (3 * n + 3 * n ** 2 + 21 / 8 * n ** 3) * math.sin(d) * math.cos(s)
                       + (15 / 8 * n ** 2 + 15 / 8 * n ** 3) * math.sin(2 * d) * math.cos(2 * s)
                       - 35 / 24 * n ** 3 * math.sin(3 * d) * math.cos(3 * s))


def _radii(phi: float, e: Ellipsoid = AIRY_1830) -> tuple[float, float, float]:
    """nu, rho and eta squared at a latitude (OS guide, equations C2)."""
    k = 1 - e.e2 * math.sin(phi) ** 2
    nu = e.a * F0 / math.sqrt(k)
    rho = e.a * F0 * (1 - e.e2) / k ** 1.5
    return nu, rho, nu / rho - 1


def grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    """A National Grid easting and northing (metres) to OSGB36 latitude and longitude in degrees (OS guide, C.2)."""
    if not (0 <= easting <= 700_000 and 0 <= northing <= 1_300_000):
        raise GridError(f"{easting:g}, {northing:g} is not on the National Grid")
    phi = (northing - N0) / (AIRY_1830.a * F0) + PHI0
    m = _meridional_arc(phi)
    while abs(northing - N0 - m) >= 0.00001:  # to a hundredth of a millimetre, as the guide says
        phi += (northing - N0 - m) / (AIRY_1830.a * F0)
        m = _meridional_arc(phi)
    nu, rho, eta2 = _radii(phi)
    t, sec = math.tan(phi), 1 / math.cos(phi)
    vii = t / (2 * rho * nu)
    viii = t / (24 * rho * nu ** 3) * (5 + 3 * t ** 2 + eta2 - 9 * t ** 2 * eta2)
    ix = t / (720 * rho * nu ** 5) * (61 + 90 * t ** 2 + 45 * t ** 4)
    x = sec / nu
    xi = sec / (6 * nu ** 3) * (nu / rho + 2 * t ** 2)
    xii = sec / (120 * nu ** 5) * (5 + 28 * t ** 2 + 24 * t ** 4)
    xiia = sec / (5040 * nu ** 7) * (61 + 662 * t ** 2 + 1320 * t ** 4 + 720 * t ** 6)
    de = easting - E0
    lat = phi - vii * de ** 2 + viii * de ** 4 - ix * de ** 6
    lon = LAMBDA0 + x * de - xi * de ** 3 + xii * de ** 5 - xiia * de ** 7
    return math.degrees(lat), math.degrees(lon)


def osgb36_to_grid(latitude: float, longitude: float) -> tuple[float, float]:
    """OSGB36 latitude and longitude in degrees to a National Grid easting and northing (OS guide, C.1)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    nu, rho, eta2 = _radii(phi)
    m = _meridional_arc(phi)
    s, c, t = math.sin(phi), math.cos(phi), math.tan(phi)
    i = m + N0
    ii = nu / 2 * s * c
    iii = nu / 24 * s * c ** 3 * (5 - t ** 2 + 9 * eta2)
    iiia = nu / 720 * s * c ** 5 * (61 - 58 * t ** 2 + t ** 4)
    iv = nu * c
    v = nu / 6 * c ** 3 * (nu / rho - t ** 2)
    vi = nu / 120 * c ** 5 * (5 - 18 * t ** 2 + t ** 4 + 14 * eta2 - 58 * t ** 2 * eta2)
    dl = lam - LAMBDA0
    northing = i + ii * dl ** 2 + iii * dl ** 4 + iiia * dl ** 6
    easting = E0 + iv * dl + v * dl ** 3 + vi * dl ** 5
    return easting, northing


def to_cartesian(latitude: float, longitude: float, height: float, e: Ellipsoid) -> tuple[float, float, float]:
    """Latitude, longitude (degrees) and ellipsoidal height (metres) to Cartesian X, Y, Z (OS guide, Annex B.1)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    nu = e.a / math.sqrt(1 - e.e2 * math.sin(phi) ** 2)
    return ((nu + height) * math.cos(phi) * math.cos(lam), (nu + height) * math.cos(phi) * math.sin(lam),
            ((1 - e.e2) * nu + height) * math.sin(phi))


def from_cartesian(x: float, y: float, z: float, e: Ellipsoid) -> tuple[float, float, float]:
    """Cartesian X, Y, Z to latitude, longitude (degrees) and height (metres), iterating as Annex B.2 says."""
    lam = math.atan2(y, x)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e.e2))
    for _ in range(20):
        nu = e.a / math.sqrt(1 - e.e2 * math.sin(phi) ** 2)
        nxt = math.atan2(z + e.e2 * nu * math.sin(phi), p)
        if abs(nxt - phi) < 1e-12:
            phi = nxt
            break
        phi = nxt
    nu = e.a / math.sqrt(1 - e.e2 * math.sin(phi) ** 2)
    return math.degrees(phi), math.degrees(lam), p / math.cos(phi) - nu


def helmert(point: tuple[float, float, float], t: Helmert) -> tuple[float, float, float]:
    """The seven-parameter transformation of a Cartesian point (OS guide, equation 6.3: small rotations, in radians)."""
    x, y, z = point
    s = 1 + t.s_ppm * 1e-6
    rx, ry, rz = (math.radians(r / 3600) for r in (t.rx, t.ry, t.rz))
    return (t.tx + s * x - rz * y + ry * z,
            t.ty + rz * x + s * y - rx * z,
            t.tz - ry * x + rx * y + s * z)


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """A National Grid easting and northing to WGS84 latitude and longitude in degrees (good to about 5 metres)."""
    lat, lon = grid_to_osgb36(easting, northing)
    xyz = helmert(to_cartesian(lat, lon, 0.0, AIRY_1830), OSGB36_TO_ETRS89)
    lat84, lon84, _ = from_cartesian(*xyz, GRS80)
    return lat84, lon84
