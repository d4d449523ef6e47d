// GET /templates: the coordinator's planning templates (the first read copies the shipped pack as their default), a
// new one started from a copy of another, and the budget splits below.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Template } from '../api/types';
import { useApi } from '../session/session';
import { formatTime } from '../ui/format';
import { Empty, ErrorMessage, Loading, PageHeader } from '../ui/parts';
import { BudgetTemplatesPanel } from './budget-templates-panel';
import { itemBody } from './template-editor-page';

export const TEMPLATES_KEY = ['templates'];

export function useTemplates() {
  const api = useApi();
  return useQuery({ queryKey: TEMPLATES_KEY, queryFn: () => api.get<{ items: Template[] }>('/templates').then((page) => page.items) });
}

export function TemplatesPage() {
  const templates = useTemplates();
  return (
    <>
      <PageHeader
        title="Templates"
        description="The milestones a new wedding is planned with, and how its budget is split."
      />
      <div className="columns">
        <section className="panel" aria-labelledby="planning-templates-title">
          <h2 id="planning-templates-title">Planning templates</h2>
          <ErrorMessage error={templates.error} title="The templates could not be loaded" />
          {templates.isPending && <Loading what="the templates" />}
          {templates.data &&
            (templates.data.length === 0 ? (
              <Empty>No templates yet.</Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Items</th>
                    <th scope="col">Changed</th>
                  </tr>
                </thead>
                <tbody>
                  {templates.data.map((template) => (
                    <tr key={template.id}>
                      <td>
                        <Link to={`/templates/${template.id}`}>{template.name}</Link>{' '}
                        {template.isDefault && <span className="badge badge-planning">default</span>}
                      </td>
                      <td>{template.items.length}</td>
                      <td className="cell-date">{formatTime(template.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          {templates.data && templates.data.length > 0 && <AddTemplate templates={templates.data} />}
        </section>
        <BudgetTemplatesPanel />
      </div>
    </>
  );
}

function AddTemplate({ templates }: { templates: Template[] }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [from, setFrom] = useState((templates.find((t) => t.isDefault) ?? templates[0]).id);
  const add = useMutation({
    mutationFn: () => {
      const source = templates.find((t) => t.id === from) ?? templates[0];
      return api.post<Template>('/templates', { name: name.trim(), items: source.items.map(itemBody) });
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      navigate(`/templates/${created.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form className="form form-inline" aria-labelledby="add-template-title" onSubmit={submit}>
      <h3 id="add-template-title">Add a template</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor="new-template-name">Name</label>
          <input id="new-template-name" required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-template-from">Start from a copy of</label>
          <select id="new-template-from" value={from} onChange={(event) => setFrom(event.target.value)}>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={add.error} title="The template was not added" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={add.isPending || !name.trim()}>
          Add template
        </button>
      </div>
    </form>
  );
}
