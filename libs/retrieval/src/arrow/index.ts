export { encodeMapPoints, decodeMapPoints, MAP_POINTS_MEDIA_TYPE, type MapPoints } from './map-points';
export { encodeQueryOverlay, decodeQueryOverlay, type QueryOverlay } from './query-overlay';
