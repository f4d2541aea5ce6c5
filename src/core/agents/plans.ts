import { Translate } from '../../shared/l10n';
import { isImportFileName, IMPORT_FILE_SUFFIX } from '../sources/warehouse/importFiles/fileName';
import { FileRef, ImportFileWorkflow } from '../sources/warehouse/importFileWorkflow';
import { plannedFile } from '../sources/warehouse/planDocument';
import { dataText, fitted, refusal, TextBound } from './answers';
import { AgentPlans } from './catalogue';

/**
 * mixpanel_plan_import_file over the workflow Show Plan and `plan` use. Which files an agent may
 * have read is decided here, once for every door: an import file by its name, inside the folder
 * the door opened (the workspace, the working directory), never a path that leaves it.
 */

/** Why a path an agent gave is not one a plan reads, or undefined when it is. */
export function planPathProblem(path: string): string | undefined {
  const parts = path.split(/[\\/]+/);
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path) || parts.includes('..')) {
    return 'Give the path relative to the open folder, without "..": only files inside it are planned.';
  }
  if (!isImportFileName(path)) {
    return `Only import files are planned: their names end with ${IMPORT_FILE_SUFFIX}.`;
  }
  return undefined;
}

export interface PlanPorts {
  readonly workflow: ImportFileWorkflow;
  /** The file at a checked relative path, as saved; undefined when there is none. */
  read(relativePath: string): Promise<FileRef | undefined>;
  readonly t: Translate;
}

export function agentPlans(ports: PlanPorts): AgentPlans {
  return {
    plan: async (path) => {
      const problem = planPathProblem(path);
      if (problem) {
        return refusal(problem);
      }
      const ref = await ports.read(path);
      if (!ref) {
        return refusal(`There is no file ${path} in the open folder.`);
      }
      let view;
      try {
        view = await ports.workflow.plan(ref);
      } catch (error) {
        return refusal(dataText(error instanceof Error ? error.message : String(error), TextBound.message));
      } finally {
        // The workflow remembers a plan shown for Apply to check against; an agent's is shown to no one.
        ports.workflow.forget(ref.key);
      }
      const planned = plannedFile(path, view.plan, ports.t);
      const body = { ...planned, summary: dataText(planned.summary, TextBound.message), notes: planned.notes.map((note) => dataText(note, TextBound.message)) };
      const applying = 'Nothing was applied. Applying is the user\'s step: Apply in the editor, or mixpanel-imports apply with a reviewed plan.';
      // A file with very many changed fields still answers under the bound.
      return fitted(body.changes, (changes, more) => ({ ...body, changes, ...(more > 0 ? { moreChanges: more } : {}), applying }));
    },
  };
}
