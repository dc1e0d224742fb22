#!/usr/bin/env python3
"""Turns the morocco-map TopoJSON of Morocco's 12 regions into the compact SVG path data
that `crates/web/src/charts/map.rs` embeds (`crates/web/data/regions.svgpaths`).

Steps: decode the TopoJSON arcs (delta-decode, apply the transform), project lon/lat to a
plane (equirectangular, longitudes scaled by cos of the middle latitude), simplify each
*shared arc* with Douglas-Peucker (so neighbouring regions keep one common border and no
gaps or overlaps appear), drop islets, round to whole units and write relative path
commands. Each region also gets a label anchor: the point of its largest polygon that lies
farthest from its outline (a grid search, good enough at this scale).

Usage (standard library only):

    cd /tmp && npm pack morocco-map@1.3.0 && tar xzf morocco-map-1.3.0.tgz
    python3 tools/map/make_regions.py /tmp/package/data/regions.json \
        crates/web/data/regions.svgpaths
"""

import json
import math
import sys

# Output width in viewBox units; the height follows from the projection.
WIDTH = 480
# Margin around the country, in viewBox units.
PAD = 4
# Douglas-Peucker tolerance in viewBox units, tuned so the 12 paths total about 7 KB.
TOLERANCE = 0.3
# Polygons smaller than this (square viewBox units) are dropped (islets off the coast).
MIN_AREA = 6.0
PACKAGE = "morocco-map 1.3.0"


def decode_arcs(topo):
    """Absolute lon/lat points of each arc (TopoJSON quantized arcs are delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def projector(arcs):
    """A function from lon/lat to viewBox units, and the viewBox height."""
    lons = [p[0] for arc in arcs for p in arc]
    lats = [p[1] for arc in arcs for p in arc]
    lat0 = math.radians((min(lats) + max(lats)) / 2)
    k = math.cos(lat0)
    x_min, x_max = min(lons) * k, max(lons) * k
    y_min, y_max = min(lats), max(lats)
    scale = (WIDTH - 2 * PAD) / (x_max - x_min)
    height = math.ceil((y_max - y_min) * scale + 2 * PAD)

    def project(point):
        lon, lat = point
        return (PAD + (lon * k - x_min) * scale, PAD + (y_max - lat) * scale)

    return project, height


def perpendicular(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / length


def douglas_peucker(points, tolerance):
    """Keeps both ends; iterative so long arcs do not hit the recursion limit."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring, arcs):
    """Stitches a ring's arcs (a negative index ~i means arc i reversed)."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def area(ring):
    return abs(
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    ) / 2


def rounded(ring):
    """Whole units, without consecutive repeats or the closing repeat."""
    out = []
    for x, y in ring:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def path_d(rings):
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for px, py in rest:
            steps.append(f"{px - x} {py - y}".replace(" -", "-"))
            x, y = px, py
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def inside(x, y, ring):
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def edge_distance(x, y, ring):
    return min(
        perpendicular_segment((x, y), a, b) for a, b in zip(ring, ring[1:] + ring[:1])
    )


def perpendicular_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0 if length2 == 0 else max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def label_anchor(ring):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, anchor = -1.0, (ring[0][0], ring[0][1])
    y = min(ys)
    while y <= max(ys):
        x = min(xs)
        while x <= max(xs):
            if inside(x, y, ring):
                d = edge_distance(x, y, ring)
                if d > best:
                    best, anchor = d, (x, y)
            x += 1
        y += 1
    return anchor


def main(source, target):
    with open(source, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    project, height = projector(arcs)
    simple = [douglas_peucker([project(p) for p in arc], TOLERANCE) for arc in arcs]

    lines = []
    for geometry in topo["objects"]["regions"]["geometries"]:
        iso = geometry["id"]
        # The package's ids are ISO 3166-2 (MA-01 … MA-12); the platform's codes are the
        # two digits. The English name is written beside the code to be checked by eye.
        if not (iso.startswith("MA-") and len(iso) == 5):
            raise SystemExit(f"unexpected region id {iso!r}")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            if len(polygon) != 1:
                raise SystemExit(f"{iso}: holes are not handled")
            ring = rounded(ring_points(polygon[0], simple))
            if len(ring) >= 3 and area(ring) >= MIN_AREA:
                rings.append(ring)
        rings.sort(key=area, reverse=True)
        x, y = label_anchor(rings[0])
        name = geometry["properties"]["name:en"]
        lines.append((iso[3:], name, f"{iso[3:]}\t{x:g}\t{y:g}\t{path_d(rings)}"))

    lines.sort()
    codes = [code for code, _, _ in lines]
    if codes != [f"{i:02}" for i in range(1, 13)]:
        raise SystemExit(f"expected regions 01..12, got {codes}")
    with open(target, "w", encoding="utf-8") as f:
        f.write(f"# Morocco's 12 regions, from {PACKAGE} (TopoJSON, ISO 3166-2 ids),\n")
        f.write("# (c) OpenStreetMap contributors, ODbL 1.0; see REGIONS-MAP-LICENSE.md.\n")
        f.write("# Made by tools/map/make_regions.py: equirectangular projection,\n")
        f.write(f"# Douglas-Peucker tolerance {TOLERANCE}, islets under {MIN_AREA} units dropped.\n")
        f.write("# Lines: code, label x, label y, SVG path d (tab-separated);\n")
        f.write("# the first data line gives the viewBox size.\n")
        for code, name, _ in lines:
            f.write(f"# {code} {name}\n")
        f.write(f"viewbox\t{WIDTH}\t{height}\n")
        for _, _, line in lines:
            f.write(line + "\n")
    total = sum(len(line.split("\t")[3]) for _, _, line in lines)
    print(f"viewBox 0 0 {WIDTH} {height}; 12 paths, {total} bytes of path data")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_regions.py regions.json regions.svgpaths")
    main(sys.argv[1], sys.argv[2])
