"""Derives china_provinces.geojson from DCW-GMT 2.1.1 (Debian's gmt-dcw, /usr/share/gmt-dcw/dcw-gmt.nc).

    python make_provinces.py dcw-gmt.nc china_provinces.geojson      (needs: pip install netCDF4 shapely)
"""
import json
import sys
import netCDF4
import numpy as np
from shapely.geometry import Polygon, MultiPolygon, mapping
from shapely.ops import unary_union
# DCW-GMT names China's provinces by their ISO 3166-2 letters; the reports by their GB/T 2260 codes.
GB = {"AH": "340000", "BJ": "110000", "CQ": "500000", "FJ": "350000", "GD": "440000", "GS": "620000",
      "GX": "450000", "GZ": "520000", "HA": "410000", "HB": "420000", "HE": "130000", "HI": "460000",
      "HK": "810000", "HL": "230000", "HN": "430000", "JL": "220000", "JS": "320000", "JX": "360000",
      "LN": "210000", "MO": "820000", "NM": "150000", "NX": "640000", "QH": "630000", "SC": "510000",
      "SD": "370000", "SH": "310000", "SN": "610000", "SX": "140000", "TJ": "120000", "TW": "710000",
      "XJ": "650000", "XZ": "540000", "YN": "530000", "ZJ": "330000"}
d = netCDF4.Dataset(sys.argv[1])
features = []
for dcw, code in sorted(GB.items(), key=lambda kv: kv[1]):
    lon_v, lat_v = d.variables[f"CN{dcw}_lon"], d.variables[f"CN{dcw}_lat"]
    # 65535 is a segment mark, not a coordinate: read the raw values and scale them here
    lon_v.set_auto_maskandscale(False)
    lat_v.set_auto_maskandscale(False)
    lon, lat = lon_v[:].astype(np.int64), lat_v[:].astype(np.int64)
    brk = lon == 65535  # a segment starts after each
    x = lon_v.getncattr('min') + lon / lon_v.getncattr('scale')
    y = lat_v.getncattr('min') + lat / lat_v.getncattr('scale')
    polys, start = [], 0
    for i in list(np.nonzero(brk)[0]) + [len(lon)]:
        if i - start >= 4:
            p = Polygon(list(zip(x[start:i], y[start:i]))).buffer(0)
            if not p.is_empty:
                polys.append(p)
        start = i + 1
    # about 3 km: a country-wide map needs no more, and the file stays small enough to keep in the repository
    shape = unary_union(polys).simplify(0.03, preserve_topology=True)
    geom = mapping(shape)
    def rnd(c):
        return [rnd(v) for v in c] if isinstance(c[0], (list, tuple)) else [round(c[0], 3), round(c[1], 3)]
    geom = {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}
    features.append({"type": "Feature", "properties": {"code": code, "dcw": "CN." + dcw}, "geometry": geom})
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[2], "w"), separators=(",", ":"))
