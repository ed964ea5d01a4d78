import { projectConfig } from '../tools/vitest/project.ts';

export default projectConfig(import.meta.dirname, {
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
  },
});
