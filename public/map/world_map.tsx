import React, { useMemo } from 'react';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { EuiScreenReaderOnly, useEuiTheme } from '@elastic/eui';
import type { GeoLocation } from '../../common/alert_document';
import { numericCountryCode } from './country_codes';
import { worldCountries } from './world_shapes';

export interface MapCountry {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name?: string;
  count: number;
}
export interface MapArc {
  id: string;
  from: GeoLocation;
  to: GeoLocation;
  label: string;
}
export interface MapPoint {
  id: string;
  location: GeoLocation;
  label: string;
}

interface WorldMapProps {
  countries?: MapCountry[];
  arcs?: MapArc[];
  points?: MapPoint[];
  /** Zoom to these places instead of showing the whole world (the flyout's two logins). */
  focus?: GeoLocation[];
  /** What the map shows, for screen readers (the SVG is decorative detail). */
  title: string;
  width?: number;
  height?: number;
  'data-test-subj'?: string;
}

const lonLat = (g: GeoLocation): [number, number] => [g.lon, g.lat];

/**
 * A bundled SVG world map (d3-geo + Natural Earth): countries shaded by count, great-circle arcs for travels, dots for
 * logins. SVG rather than canvas so each shape carries a tooltip (`<title>`) and the page can be tested in jsdom.
 */
export function WorldMap({
  countries = [],
  arcs = [],
  points = [],
  focus,
  title,
  width = 960,
  height = 480,
  'data-test-subj': dataTestSubj,
}: WorldMapProps) {
  const { euiTheme } = useEuiTheme();
  const world = worldCountries();
  const path = useMemo(() => {
    const projection = geoNaturalEarth1();
    if (focus && focus.length > 0) {
      // Centre the places' mean longitude (an arc across the antimeridian stays in one piece), fit them in view…
      const lon = focus.reduce((sum, g) => sum + g.lon, 0) / focus.length;
      const lat = focus.reduce((sum, g) => sum + g.lat, 0) / focus.length;
      projection.rotate([-lon, 0]).fitExtent(
        [
          [40, 40],
          [width - 40, height - 40],
        ],
        { type: 'MultiPoint', coordinates: focus.map(lonLat) },
      );
      // …but two logins a few km apart would zoom to a street: keep at least a region in view, still centred.
      if (projection.scale() > width * 2) {
        projection.scale(width * 2);
        const [x, y] = projection([lon, lat]) ?? [width / 2, height / 2];
        const [tx, ty] = projection.translate();
        projection.translate([tx + width / 2 - x, ty + height / 2 - y]);
      }
    } else {
      projection.fitSize([width, height], { type: 'Sphere' });
    }
    return geoPath(projection);
  }, [focus, width, height]);

  const byNumeric = useMemo(() => {
    const map = new Map<string, MapCountry>();
    for (const c of countries) {
      const numeric = numericCountryCode(c.code);
      if (numeric) map.set(numeric, c);
    }
    return map;
  }, [countries]);
  const max = Math.max(1, ...countries.map((c) => c.count));

  return (
    <figure style={{ margin: 0 }} data-test-subj={dataTestSubj}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        <path
          d={path({ type: 'Sphere' }) ?? ''}
          fill={euiTheme.colors.emptyShade}
          stroke={euiTheme.colors.lightShade}
        />
        {world.features.map((f, i) => {
          const hit = f.id !== undefined ? byNumeric.get(String(f.id)) : undefined;
          return (
            <path
              key={`${f.id ?? 'x'}-${i}`}
              d={path(f) ?? ''}
              fill={hit ? euiTheme.colors.danger : euiTheme.colors.lightShade}
              fillOpacity={hit ? 0.25 + 0.75 * (hit.count / max) : 1}
              stroke={euiTheme.colors.emptyShade}
              strokeWidth={0.5}
              data-country={hit?.code}
            >
              <title>{hit ? `${hit.name ?? f.properties.name}: ${hit.count} alerts` : f.properties.name}</title>
            </path>
          );
        })}
        {arcs.map((a) => (
          <path
            key={a.id}
            d={path({ type: 'LineString', coordinates: [lonLat(a.from), lonLat(a.to)] }) ?? ''}
            fill="none"
            stroke={euiTheme.colors.accent}
            strokeWidth={1.5}
            strokeOpacity={0.8}
            data-test-subj="mapTravelArc"
          >
            <title>{a.label}</title>
          </path>
        ))}
        {points.map((p) => (
          <path
            key={p.id}
            d={path.pointRadius(5)({ type: 'Point', coordinates: lonLat(p.location) }) ?? ''}
            fill={euiTheme.colors.primary}
          >
            <title>{p.label}</title>
          </path>
        ))}
      </svg>
      <EuiScreenReaderOnly>
        <figcaption>
          {[
            `${title}.`,
            countries.map((c) => `${c.name ?? c.code}: ${c.count}`).join('; '),
            arcs.length > 0
              ? `${arcs.length} travel${arcs.length === 1 ? '' : 's'}: ${arcs.map((a) => a.label).join('; ')}`
              : '',
          ]
            .filter(Boolean)
            .join(' ')}
        </figcaption>
      </EuiScreenReaderOnly>
    </figure>
  );
}
