import type { TestProject } from 'vitest/node';
import { startApi } from './api-server';

export default async function setup(project: TestProject) {
  const api = await startApi();
  project.provide('apiBaseUrl', api.baseUrl);
  return () => api.stop();
}
