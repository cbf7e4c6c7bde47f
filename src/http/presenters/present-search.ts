/** Search answers: template hits as the template list shows them. */
import type { TemplateView } from '../../services/templates/template-views.js';
import { presentTemplate } from './present-template.js';

export function presentSearchTemplates(views: readonly TemplateView[]) {
  return views.map((view) => presentTemplate(view));
}
