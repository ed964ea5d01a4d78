import { CreateJobs1764300000000 } from './1764300000000-create-jobs';

/** Every migration, oldest first. A new one is added here, never by editing an old one. */
export const migrations = [CreateJobs1764300000000];
