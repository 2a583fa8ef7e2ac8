export {
  registerDetectionTask,
  createDetectionRunner,
  type DetectionServices,
  type DetectionTaskState,
} from './detect_task';
export { scheduleDetectionTasks, detectionTaskId } from './schedule_tasks';
export { createTaskClient, type TaskClient } from './task_client';
export { passSettingsFromConfig, detectionRuntimeInput } from './pass_settings_from_config';
export { DetectionService } from './detection_service';
export { scheduledTaskTypes } from './scheduled_families';
export {
  registerFamilyTask,
  createFamilyTaskRunner,
  readTaskState,
  type FamilyTaskServices,
  type FamilyTaskState,
} from './family_task';
export {
  registerAnalysisTask,
  createAnalysisTaskRunner,
  analysisTaskId,
  ANALYSIS_TASK_TYPE,
  type AnalysisTaskState,
} from './analysis_task';
