import { OrthographicView } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import DeckGL from '@deck.gl/react';
import { useMemo } from 'react';
import type { PointColumns } from './welcome-points';

const VIEW = new OrthographicView({ id: 'map', flipY: false });

/** Draws columnar points with binary attributes: no per-point JavaScript objects. */
export function PointMap({ points }: { points: PointColumns }) {
  const layers = useMemo(
    () => [
      new ScatterplotLayer({
        id: 'points',
        data: {
          length: points.length,
          attributes: {
            getPosition: { value: points.positions, size: 2 },
            getFillColor: { value: points.colors, size: 4, normalized: true },
          },
        },
        radiusUnits: 'pixels',
        getRadius: 3,
        pickable: true,
      }),
    ],
    [points],
  );
  return (
    <DeckGL
      views={VIEW}
      initialViewState={{ target: [0, 0, 0], zoom: 0 }}
      controller
      layers={layers}
      style={{ position: 'absolute', inset: '0' }}
    />
  );
}
