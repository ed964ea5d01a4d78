import { OrbitView, OrthographicView, type Layer, type PickingInfo } from '@deck.gl/core';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Bounds } from './columns';

export interface Camera2D {
  target: [number, number, number];
  zoom: number;
}

export interface Camera3D extends Camera2D {
  rotationX: number;
  rotationOrbit: number;
}

export type Camera = Camera2D | Camera3D;

/** no multisampling: with software WebGL (SwiftShader) it multiplies the cost of every frame */
const DEVICE = { type: 'webgl' as const, webgl: { antialias: false } };
const ORTHO = new OrthographicView({ id: 'map', flipY: false, controller: true });
const ORBIT = new OrbitView({ id: 'map', orbitAxis: 'Y', controller: true });

/** The camera that shows every point with a margin. */
export function fitCamera(bounds: Bounds, width: number, height: number, threeD: boolean): Camera {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-6);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-6);
  const zoom = Math.log2(Math.min(width / spanX, height / spanY) * 0.88);
  const target: [number, number, number] = [(bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2, (bounds.minZ + bounds.maxZ) / 2];
  return threeD ? { target, zoom, rotationX: 20, rotationOrbit: 30 } : { target, zoom };
}

export interface MapCanvasProps {
  layers: Layer[];
  threeD: boolean;
  camera: Camera;
  onCamera: (camera: Camera, interacting: boolean) => void;
  onHover: (info: PickingInfo | null) => void;
  onClick: (info: PickingInfo) => void;
  boxMode: boolean;
  onBox: (corners: { x0: number; y0: number; x1: number; y1: number }) => void;
  /** a new value makes the next painted frame mark ragscope:first-paint */
  paintKey: string;
}

/** deck.gl canvas: controlled camera, picking, and a shift-drag rectangle for box selection. */
export function MapCanvas(props: MapCanvasProps) {
  const deckRef = useRef<DeckGLRef>(null);
  const [shift, setShift] = useState(false);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const painted = useRef<string | null>(null);

  useEffect(() => {
    const down = (e: KeyboardEvent) => e.key === 'Shift' && setShift(true);
    const up = (e: KeyboardEvent) => e.key === 'Shift' && setShift(false);
    const blur = () => setShift(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  const selecting = (shift || props.boxMode) && !props.threeD;

  const unproject = useCallback((x: number, y: number): [number, number] | null => {
    const deck = deckRef.current?.deck;
    const viewport = deck?.getViewports()[0];
    if (!viewport) return null;
    const [wx, wy] = viewport.unproject([x, y]);
    return [wx, wy];
  }, []);

  const local = (e: ReactPointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top] as const;
  };

  const onAfterRender = useCallback(() => {
    // frame times for npm run bench:viewer (only when the bench asks for them)
    const bench = window as { __ragscopeFrames?: number[]; __ragscopeDeck?: unknown };
    if (bench.__ragscopeFrames) {
      bench.__ragscopeFrames.push(performance.now());
      bench.__ragscopeDeck = deckRef.current?.deck;
    }
    if (painted.current === props.paintKey) return;
    painted.current = props.paintKey;
    performance.mark('ragscope:first-paint');
    if (bench.__ragscopeFrames) {
      // the bench waits for the pixels themselves: a 1-pixel read returns once the renderer has drawn the frame
      const gl = (deckRef.current?.deck as unknown as { device?: { gl?: WebGL2RenderingContext } } | undefined)?.device?.gl;
      gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      performance.mark('ragscope:first-paint-drawn');
    }
    document.body.dataset.mapPainted = props.paintKey;
  }, [props.paintKey]);

  const { camera, onCamera } = props;
  return (
    <div className="map-canvas" data-testid="map">
      <DeckGL
        ref={deckRef}
        views={props.threeD ? ORBIT : ORTHO}
        viewState={camera as never}
        onViewStateChange={({ viewState, interactionState }) => {
          const v = viewState as Camera3D;
          const next: Camera = props.threeD
            ? { target: v.target, zoom: v.zoom as number, rotationX: v.rotationX, rotationOrbit: v.rotationOrbit }
            : { target: v.target, zoom: v.zoom as number };
          const interacting = !!(interactionState?.isDragging || interactionState?.isPanning || interactionState?.isZooming || interactionState?.isRotating);
          onCamera(next, interacting);
        }}
        controller={{ dragPan: !selecting, doubleClickZoom: true, keyboard: true }}
        layers={props.layers}
        onHover={(info) => props.onHover(info.picked ? info : null)}
        onClick={(info) => props.onClick(info)}
        onAfterRender={onAfterRender}
        getCursor={({ isHovering, isDragging }) => (selecting ? 'crosshair' : isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
        style={{ position: 'absolute', inset: '0' }}
        deviceProps={DEVICE}
      />
      {selecting && (
        <div
          className="box-overlay"
          data-testid="box-overlay"
          onPointerDown={(e) => {
            const [x, y] = local(e);
            e.currentTarget.setPointerCapture(e.pointerId);
            setDrag({ x0: x, y0: y, x1: x, y1: y });
          }}
          onPointerMove={(e) => {
            if (!drag) return;
            const [x, y] = local(e);
            setDrag({ ...drag, x1: x, y1: y });
          }}
          onPointerUp={() => {
            if (drag && Math.abs(drag.x1 - drag.x0) + Math.abs(drag.y1 - drag.y0) > 4) {
              const a = unproject(drag.x0, drag.y0);
              const b = unproject(drag.x1, drag.y1);
              if (a && b) props.onBox({ x0: a[0], y0: a[1], x1: b[0], y1: b[1] });
            }
            setDrag(null);
          }}
        >
          {drag && (
            <div
              className="box-rect"
              style={{ left: Math.min(drag.x0, drag.x1), top: Math.min(drag.y0, drag.y1), width: Math.abs(drag.x1 - drag.x0), height: Math.abs(drag.y1 - drag.y0) }}
            />
          )}
        </div>
      )}
    </div>
  );
}
