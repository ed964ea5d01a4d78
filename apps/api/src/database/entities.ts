import { ConnectionEntity } from '../connections/connection.entity';
import { EvalSetEntity } from '../evalsets/eval-set.entity';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { JobEntity } from '../jobs/job.entity';
import { ProjectionClusterEntity, ProjectionEntity } from '../projections/projection.entity';
import { RetrievalEventEntity } from '../traces/retrieval-event.entity';
import { TraceSpanEntity } from '../traces/trace-span.entity';

/** Every entity the api maps; each module owns its own, this list only registers them. */
export const entities = [JobEntity, ConnectionEntity, ProjectionEntity, ProjectionClusterEntity, EvalSetEntity, EvaluationEntity, RetrievalEventEntity, TraceSpanEntity];
