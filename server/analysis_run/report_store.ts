/** Reading back the latest completed run's report document (written by run_analysis.ts). */
import { analysisResultsIndex, type EsClient } from '../storage';
import { reportDocId, type ReportDocument } from './results';

export async function readReport(client: EsClient, space: string, name: string): Promise<ReportDocument | undefined> {
  try {
    return (await client.get<ReportDocument>({ index: analysisResultsIndex(space), id: reportDocId(name) }))._source;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw error;
  }
}
