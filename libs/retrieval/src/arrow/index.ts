export { encodeMapPoints, decodeMapPoints, MAP_POINTS_MEDIA_TYPE, type MapPoints } from './map-points';
