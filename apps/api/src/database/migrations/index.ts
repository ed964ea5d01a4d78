import { CreateJobs1764300000000 } from './1764300000000-create-jobs';
import { CreateConnections1764300001000 } from './1764300001000-create-connections';
import { CreateProjections1764300002000 } from './1764300002000-create-projections';
import { CreateRetrievalEvents1764300003000 } from './1764300003000-create-retrieval-events';
import { CreateEvaluations1764300004000 } from './1764300004000-create-evaluations';

/** Every migration, oldest first. A new one is added here, never by editing an old one. */
export const migrations = [CreateJobs1764300000000, CreateConnections1764300001000, CreateProjections1764300002000, CreateRetrievalEvents1764300003000, CreateEvaluations1764300004000];
