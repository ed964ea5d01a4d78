export { encodeMapPoints, decodeMapPoints, MAP_POINTS_MEDIA_TYPE, type MapPoints } from './map-points';
export { encodeQueryOverlay, decodeQueryOverlay, type QueryOverlay } from './query-overlay';
export { decodeFieldColumn, encodeFieldColumn, fieldColumn, MAX_CATEGORIES, NO_VALUE, OTHER_VALUE, type FieldColumn } from './field-column';
