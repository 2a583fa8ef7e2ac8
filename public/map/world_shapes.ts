import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Natural Earth 1:110m countries (world-atlas, ISC), bundled: nothing is fetched at run time.
import countries110m from 'world-atlas/countries-110m.json';

let cache: FeatureCollection<Geometry, { name: string }> | undefined;

/** Country shapes with their ISO numeric `id`, decoded once on first use (about 100 KB of TopoJSON). */
export function worldCountries(): FeatureCollection<Geometry, { name: string }> {
  if (!cache) {
    const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    cache = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  }
  return cache;
}
