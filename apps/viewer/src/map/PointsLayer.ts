import { Layer, picking, project32, type DefaultProps, type LayerProps, type UpdateParameters } from '@deck.gl/core';
import { Model } from '@luma.gl/engine';

/**
 * Points as GL_POINTS: one vertex per point, no instancing. ScatterplotLayer draws an instanced
 * quad per point, which software WebGL (SwiftShader, what headless Chromium without a GPU has)
 * runs some twenty times slower than a plain point list: 1M points went from ~6 s to ~0.3 s a
 * frame in a bare probe. Binary attributes as usual: data.attributes.getPosition (size 2 or 3)
 * and getFillColor (unorm8 × 4). Picking encodes gl_VertexID, so hover gives the row index.
 */
const uniformBlock = `\
layout(std140) uniform fastPointsUniforms {
  float pointSize;
} fastPoints;
`;

const fastPointsUniforms = {
  name: 'fastPoints',
  vs: uniformBlock,
  fs: uniformBlock,
  uniformTypes: { pointSize: 'f32' },
} as const;

const vs = `\
#version 300 es
#define SHADER_NAME fast-points-layer-vertex-shader
in vec3 positions;
in vec4 colors;
out vec4 vColor;
void main(void) {
  geometry.worldPosition = positions;
  geometry.pickingColor = picking_getPickingColorFromIndex(float(gl_VertexID));
  gl_Position = project_position_to_clipspace(positions, vec3(0.0), vec3(0.0), geometry.position);
  DECKGL_FILTER_GL_POSITION(gl_Position, geometry);
  gl_PointSize = fastPoints.pointSize * project.devicePixelRatio;
  vColor = vec4(colors.rgb, colors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vColor, geometry);
}
`;

const fs = `\
#version 300 es
#define SHADER_NAME fast-points-layer-fragment-shader
precision highp float;
in vec4 vColor;
out vec4 fragColor;
void main(void) {
  vec2 uv = gl_PointCoord * 2.0 - 1.0;
  if (dot(uv, uv) > 1.0) discard;
  fragColor = vColor;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;

export interface PointsLayerProps extends LayerProps {
  /** point diameter in pixels */
  pointSize?: number;
  getPosition?: unknown;
  getFillColor?: unknown;
}

const defaultProps: DefaultProps<PointsLayerProps> = {
  pointSize: { type: 'number', min: 1, value: 4 },
  getPosition: { type: 'accessor', value: [0, 0, 0] },
  getFillColor: { type: 'accessor', value: [0, 0, 0, 255] },
};

export class PointsLayer extends Layer<Required<PointsLayerProps>> {
  static override layerName = 'PointsLayer';
  static override defaultProps = defaultProps;

  override getShaders() {
    return super.getShaders({ vs, fs, modules: [project32, picking, fastPointsUniforms] });
  }

  override initializeState() {
    this.getAttributeManager()!.add({
      positions: { size: 3, type: 'float32', accessor: 'getPosition', stepMode: 'vertex' },
      colors: { size: 4, type: 'unorm8', accessor: 'getFillColor', defaultValue: [0, 0, 0, 255], stepMode: 'vertex' },
    });
  }

  override updateState(params: UpdateParameters<this>) {
    super.updateState(params);
    const state = this.state as { model?: Model };
    if (params.changeFlags.extensionsChanged || !state.model) {
      state.model?.destroy();
      state.model = new Model(this.context.device, {
        ...this.getShaders(),
        id: this.props.id,
        bufferLayout: this.getAttributeManager()!.getBufferLayouts({ isInstanced: false }),
        topology: 'point-list',
        vertexCount: 0,
        isInstanced: false,
      });
      this.getAttributeManager()!.invalidateAll();
    }
  }

  override draw() {
    const model = (this.state as { model?: Model }).model!;
    model.shaderInputs.setProps({ fastPoints: { pointSize: this.props.pointSize } });
    model.setVertexCount(this.getNumInstances());
    model.draw(this.context.renderPass);
  }
}
