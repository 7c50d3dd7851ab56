#!/bin/sh
# GDAL reads the GIS layers: outfall.outfall_map and outfall.zone_map open as
# point and polygon layers in EPSG 4490 through the PostgreSQL driver, export
# to GeoPackage and GeoJSON with their counts, CRS and attributes, and the
# FeatureCollection of outfall.geojson() reads back as a GeoJSON layer.
#
#   Runs inside a cluster (PG* variables set; test/run_all.sh does that), as a
#   superuser, after `make install`, with gdal-bin installed
#   (tools/ensure_deps.sh).  Prints a PASS or FAILED line per check; exits
#   non-zero if one failed.
set -eu
db=${GIS_TEST_DB:-gis_ogr}
out=$(mktemp -d)
trap 'rm -rf "$out"; dropdb --if-exists "$db" 2>/dev/null || true' EXIT
psql_() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
pg="PG:dbname=$db"

for tool in ogrinfo ogr2ogr; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "FAILED: $tool is not installed (Debian package gdal-bin; tools/ensure_deps.sh installs it)"
        exit 1
    fi
done

passed=0
failed=0
# check <name> <expected> <actual>: equal strings pass
check() {
    if [ "$2" = "$3" ]; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAILED $1: expected '$2', got '$3'"
        failed=$((failed + 1))
    fi
}
# has <name> <file> <fixed string>: the file has a line containing the string
has() {
    if grep -qF -- "$3" "$2"; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAILED $1: no line with '$3' in:"
        sed 's/^/    /' "$2"
        failed=$((failed + 1))
    fi
}
# the value ogrinfo prints for a field of the one feature it lists
field() { sed -n "s/^  $2 ([^)]*) = //p" "$1" | head -n 1; }

dropdb --if-exists "$db" 2>/dev/null || true
createdb "$db"
psql_ > /dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
SET search_path = outfall, public;
INSERT INTO water_body (code, name, kind, geom) VALUES
    ('OGR01', '测绘试验河', 'river', ST_GeomFromText('MULTILINESTRING((87.90 44.20, 88.10 44.20))', 4490)),
    ('OGR02', '测绘试验溪', 'river', NULL);
SELECT add_key_area('OGR01', 1000);
SELECT add_zone('water_source_1', '测绘水源一级保护区', ST_MakeEnvelope(88.02, 44.21, 88.04, 44.23, 4490),
                valid_from => '2020-01-01');
SELECT add_zone('sewer_coverage', '测绘城区管网', ST_MakeEnvelope(87.90, 44.19, 87.96, 44.215, 4490));
SELECT register(format('{"survey_id": "%s", "survey_name": "%s", "category": %s, "division": "%s",
                         "water_body": "%s", "found_on": "2024-03-01"%s}',
                       s, n, coalesce(to_json(c)::text, 'null'), d, w,
                       CASE WHEN lon IS NOT NULL THEN format(', "lon": %s, "lat": %s', lon, lat) ELSE '' END)::jsonb)
  FROM (VALUES ('OGR-1', '测绘小区排口', 'other.town_domestic', '652302101', 'OGR01', 87.93, 44.205),
               ('OGR-2', '测绘化工厂排口', 'industrial.enterprise.factory', '652302101', 'OGR01', 88.03, 44.22),
               ('OGR-3', '测绘污水厂排口', 'town_plant.plant', '652327100', 'OGR01', 89.18, 44.0),
               ('OGR-4', '测绘无类别排口', NULL, '652327100', 'OGR02', NULL, NULL)) v(s, n, c, d, w, lon, lat);
SQL
id2=$(psql_ -At -c "SELECT id FROM outfall.outfall WHERE survey_id = 'OGR-2'")

# export_ <name> <ogr2ogr arguments>: a failed export is a failed check
export_() {
    name=$1
    shift
    if ogr2ogr "$@" 2> "$out/ogr2ogr.err"; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAILED $name: ogr2ogr $*"
        sed 's/^/    /' "$out/ogr2ogr.err"
        failed=$((failed + 1))
    fi
}

# --- the layers through the PostgreSQL driver
ogrinfo -ro -so "$pg" outfall.outfall_map > "$out/outfall_map.txt" 2>&1 || true
has "outfall_map: point layer" "$out/outfall_map.txt" "Geometry: Point"
has "outfall_map: feature count" "$out/outfall_map.txt" "Feature Count: 4"
has "outfall_map: CRS EPSG 4490" "$out/outfall_map.txt" 'ID["EPSG",4490]'
has "outfall_map: extent" "$out/outfall_map.txt" "Extent: (87.930000, 44.000000) - (89.180000, 44.220000)"
has "outfall_map: zone names as a string list" "$out/outfall_map.txt" "zone_names: StringList"
has "outfall_map: in_key_area as a boolean" "$out/outfall_map.txt" "in_key_area: Integer(Boolean)"
ogrinfo -ro -so "$pg" outfall.zone_map > "$out/zone_map.txt" 2>&1 || true
has "zone_map: polygon layer" "$out/zone_map.txt" "Geometry: Multi Polygon"
has "zone_map: feature count" "$out/zone_map.txt" "Feature Count: 3"
has "zone_map: CRS EPSG 4490" "$out/zone_map.txt" 'ID["EPSG",4490]'

# the id as the feature id (PGSQL_OGR_FID: a view has no primary key), and
# one outfall's attributes; an attribute filter is run by the server
ogrinfo -ro -q --config PGSQL_OGR_FID id "$pg" outfall.outfall_map -where "survey_id = 'OGR-2'" > "$out/one.txt" 2>&1 || true
has "outfall_map: the feature id is the outfall id" "$out/one.txt" "OGRFeature(outfall.outfall_map):$id2"
check "outfall_map: required action" "ban" "$(field "$out/one.txt" required_action)"
check "outfall_map: zone names" "(1:测绘水源一级保护区)" "$(field "$out/one.txt" zone_names)"
check "outfall_map: county name" "阜康市" "$(field "$out/one.txt" county_name)"
check "outfall_map: status label" "排查" "$(field "$out/one.txt" status_zh)"
has "outfall_map: point" "$out/one.txt" "POINT (88.03 44.22)"

# --- export to GeoPackage, the id as its key; GeoPackage has no list type,
# the zone names and kinds become text
export_ "GeoPackage: outfall_map exported" --config PGSQL_OGR_FID id -f GPKG "$out/registry.gpkg" \
    "$pg" outfall.outfall_map -nln outfall_map -preserve_fid -lco FID=id -mapFieldType StringList=String
export_ "GeoPackage: zone_map exported" --config PGSQL_OGR_FID id -update -f GPKG "$out/registry.gpkg" \
    "$pg" outfall.zone_map -nln zone_map -preserve_fid -lco FID=id
ogrinfo -ro -so "$out/registry.gpkg" outfall_map > "$out/gpkg_outfall.txt" 2>&1 || true
has "GeoPackage outfall_map: point layer" "$out/gpkg_outfall.txt" "Geometry: Point"
has "GeoPackage outfall_map: feature count" "$out/gpkg_outfall.txt" "Feature Count: 4"
has "GeoPackage outfall_map: CRS EPSG 4490" "$out/gpkg_outfall.txt" 'ID["EPSG",4490]'
has "GeoPackage outfall_map: id is the key" "$out/gpkg_outfall.txt" "FID Column = id"
ogrinfo -ro -so "$out/registry.gpkg" zone_map > "$out/gpkg_zone.txt" 2>&1 || true
has "GeoPackage zone_map: polygon layer" "$out/gpkg_zone.txt" "Geometry: Multi Polygon"
has "GeoPackage zone_map: feature count" "$out/gpkg_zone.txt" "Feature Count: 3"
has "GeoPackage zone_map: CRS EPSG 4490" "$out/gpkg_zone.txt" 'ID["EPSG",4490]'
ogrinfo -ro -q "$out/registry.gpkg" outfall_map -where "id = $id2" > "$out/gpkg_one.txt" 2>&1 || true
check "GeoPackage outfall_map: survey id by id" "OGR-2" "$(field "$out/gpkg_one.txt" survey_id)"
check "GeoPackage outfall_map: required action" "ban" "$(field "$out/gpkg_one.txt" required_action)"
check "GeoPackage outfall_map: action zone" "测绘水源一级保护区" "$(field "$out/gpkg_one.txt" action_zone)"
check "GeoPackage outfall_map: zone names as text" "(1:测绘水源一级保护区)" "$(field "$out/gpkg_one.txt" zone_names)"
check "GeoPackage outfall_map: zones label" "测绘水源一级保护区（饮用水水源一级保护区）" "$(field "$out/gpkg_one.txt" zones)"
actions=$(ogrinfo -ro -q "$out/registry.gpkg" \
              -sql "SELECT required_action || ':' || count(*) AS n FROM outfall_map GROUP BY required_action ORDER BY required_action" \
          | sed -n 's/^  n (String) = //p' | tr '\n' ' ')
check "GeoPackage outfall_map: actions" "ban:1 merge:1 standardize:1 undetermined:1 " "$actions"
zones=$(ogrinfo -ro -q "$out/registry.gpkg" \
            -sql "SELECT kind || ':' || outfalls AS n FROM zone_map ORDER BY kind" \
        | sed -n 's/^  n (String) = //p' | tr '\n' ' ')
check "GeoPackage zone_map: kinds and members" "key_area:1 sewer_coverage:1 water_source_1:1 " "$zones"

# --- export to GeoJSON, filtered by the server (county 阜康市)
export_ "GeoJSON: a county exported" -f GeoJSON "$out/fukang.geojson" "$pg" outfall.outfall_map -where "county = '652302'"
ogrinfo -ro -so -al "$out/fukang.geojson" > "$out/fukang.txt" 2>&1 || true
has "GeoJSON export: feature count of a county" "$out/fukang.txt" "Feature Count: 2"
has "GeoJSON export: CRS EPSG 4490" "$out/fukang.txt" 'ID["EPSG",4490]'

# --- outfall.geojson() written to a file and read back
psql_ -At -c "SELECT outfall.geojson(water_body => 'OGR01')" > "$out/web.geojson"
ogrinfo -ro -so -al "$out/web.geojson" > "$out/web.txt" 2>&1 || true
has "geojson(): feature count" "$out/web.txt" "Feature Count: 3"
has "geojson(): CRS EPSG 4490" "$out/web.txt" 'ID["EPSG",4490]'
ogrinfo -ro -q -al "$out/web.geojson" -where "survey_id = 'OGR-1'" > "$out/web_one.txt" 2>&1 || true
check "geojson(): required action" "merge" "$(field "$out/web_one.txt" required_action)"
check "geojson(): zone names" "(2:测绘试验河岸线1千米重点区域,测绘城区管网)" "$(field "$out/web_one.txt" zone_names)"
has "geojson(): point" "$out/web_one.txt" "POINT (87.93 44.205)"
psql_ -At -c "SELECT outfall.geojson('652327')" > "$out/county.geojson"
check "geojson(): features of a county, one not located" "2" \
      "$(ogrinfo -ro -q -al "$out/county.geojson" | grep -c '^OGRFeature')"

echo "gis/ogr: $passed checks passed, $failed failed"
[ "$failed" -eq 0 ]
