import type { Route } from './route';

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export interface PageProps {
  route: Route;
  navigate: Navigate;
}
