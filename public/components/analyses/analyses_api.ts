import type { HttpStart } from '@kbn/core/public';
import type {
  AnalysisReportResponse,
  AnalysisStatusResponse,
  SavedAnalysesResponse,
  SavedAnalysisItem,
} from '../../../common/analysis_api';
import { API_PATHS, apiPath } from '../../../common/api';
import { API_VERSION } from '../../../common/constants';

/** The anomaly explorer's routes (server/routes/analyses.ts, analysis_runs.ts), versioned and abortable. */
export function analysesApi(http: HttpStart) {
  const at = (path: string, name: string) => apiPath(path, { name });
  return {
    list: (signal?: AbortSignal) =>
      http.get<SavedAnalysesResponse>(API_PATHS.analyses, { version: API_VERSION, signal }),
    save: (name: string, definition: unknown) =>
      http.put<SavedAnalysisItem & { notes?: string[] }>(at(API_PATHS.analysis, name), {
        version: API_VERSION,
        body: JSON.stringify({ definition }),
      }),
    remove: (name: string) => http.delete<{ deleted: string }>(at(API_PATHS.analysis, name), { version: API_VERSION }),
    run: (name: string) => http.post<{ task_id: string }>(at(API_PATHS.analysisRun, name), { version: API_VERSION }),
    cancel: (name: string) => http.post(at(API_PATHS.analysisCancel, name), { version: API_VERSION }),
    status: (name: string, signal?: AbortSignal) =>
      http.get<AnalysisStatusResponse>(at(API_PATHS.analysisStatus, name), { version: API_VERSION, signal }),
    report: (name: string, signal?: AbortSignal) =>
      http.get<AnalysisReportResponse>(at(API_PATHS.analysisReport, name), { version: API_VERSION, signal }),
  };
}

export type AnalysesApi = ReturnType<typeof analysesApi>;
