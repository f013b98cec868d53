import { reject, type Rejection } from '../decider.ts';
import type { CertificateFacts, ClassFacts, ProjectFacts } from './context.ts';

/**
 * 凡补必进、不进不补: only a catalogued project is subsidised. The class's project must be
 * the one in the catalogue on the class's first day, and it must train for the very
 * occupation and level of the certificate (a certificate of another trade earned beside
 * the class is not this class's outcome).
 */
export function requireCataloguedProject(project: ProjectFacts | undefined, cls: ClassFacts, certificate: CertificateFacts): ProjectFacts | Rejection {
  if (!project || project.projectId !== cls.projectId) {
    return reject('application.project_not_catalogued', `project ${cls.projectId} of class ${cls.classId} was not catalogued on ${cls.startOn}`, 'classId');
  }
  if (project.occupationCode !== certificate.occupationCode || project.level !== certificate.level) {
    return reject(
      'application.certificate_project_mismatch',
      `the certificate is for ${certificate.occupationCode} at ${certificate.level}; the class trained ${project.occupationCode} at ${project.level}`,
      'certificateSerial',
    );
  }
  return project;
}
