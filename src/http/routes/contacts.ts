import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { tieConversionById, tieKnownConversions } from '../../services/contact-conversions.js'
import { exportContactsCsv, importContactsCsv } from '../../services/contact-csv.js'
import { mergeContacts, splitContact } from '../../services/contact-merge.js'
import { eraseContact, exportContact } from '../../services/contact-privacy.js'
import { contactTimeline } from '../../services/contact-timeline.js'
import {
  addContactNote,
  createContact,
  deleteContactNote,
  getContactDetail,
  listContacts,
  pipelineCounts,
  setContactStage,
  updateContact,
} from '../../services/contacts.js'
import { CONTACT_STAGES } from '../../storage/tables/engagement.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, json, jsonBody, listOf, WorkspaceParams } from '../schemas.js'
import {
  ContactDetailSchema,
  ContactExportSchema,
  ContactListQuery,
  ContactNoteParams,
  ContactParams,
  ContactSchema,
  CreateContactBody,
  ErasureSchema,
  ImportBody,
  ImportReportSchema,
  MergeBody,
  PipelineSchema,
  presentContact,
  presentContactDetail,
  presentTimelineItem,
  SplitBody,
  StageBody,
  TieConversionBody,
  TimelineItemSchema,
  TimelineQuery,
  UpdateContactBody,
} from './contact-schemas.js'
import { NoteBody, NoteSchema, presentMessage, presentNote } from './inbox-schemas.js'

const actorOf = (auth: AppEnv['Variables']['auth']) =>
  auth?.kind === 'session' ? auth.user.id : null

export function contactRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/contacts'
  const tags = ['Contacts']
  const one = `${base}/{contact_id}`

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'Contacts, newest first, with filters',
      request: { params: WorkspaceParams, query: ContactListQuery },
      responses: { 200: json(listOf(ContactSchema, 'ContactList'), 'Contacts'), ...errorResponses },
    }),
    async (c) => {
      const page = await listContacts(c.var.murmur, c.var.workspace.scope, c.req.valid('query'))
      return c.json({ data: page.data.map(presentContact), next_cursor: page.next_cursor }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: 'Add a contact by hand (identities by handle are matched on their first message)',
      request: { params: WorkspaceParams, body: jsonBody(CreateContactBody) },
      responses: { 201: json(ContactSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const contact = await createContact(c.var.murmur, access.scope, {
        ...body,
        actorId: actorOf(c.var.auth),
      })
      await tieKnownConversions(c.var.murmur, access.scope, contact.id)
      return c.json(presentContact(contact), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/pipeline`,
      tags,
      summary: 'How many contacts stand at each stage (the pipeline board)',
      request: { params: WorkspaceParams },
      responses: { 200: json(PipelineSchema, 'Pipeline'), ...errorResponses },
    }),
    async (c) => {
      const counts = await pipelineCounts(c.var.workspace.scope)
      return c.json(
        { stages: CONTACT_STAGES.map((stage) => ({ stage, count: counts[stage] })) },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/export.csv`,
      tags,
      summary: 'Every contact as CSV (tags separated by ";", one column of handles per network)',
      request: { params: WorkspaceParams },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const csv = await exportContactsCsv(c.var.murmur, c.var.workspace.scope)
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="contacts.csv"',
      })
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/import`,
      tags,
      summary:
        'Import contacts from CSV: matching contacts (email, customer id, handle) are updated',
      request: { params: WorkspaceParams, body: jsonBody(ImportBody) },
      responses: { 200: json(ImportReportSchema, 'What was imported'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const report = await importContactsCsv(c.var.murmur, access.scope, c.req.valid('json').csv, {
        actorId: actorOf(c.var.auth),
      })
      return c.json(report, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: one,
      tags,
      summary: 'A contact with identities, stage history and notes',
      request: { params: ContactParams },
      responses: { 200: json(ContactDetailSchema, 'Contact'), ...errorResponses },
    }),
    async (c) => {
      const contact = await getContactDetail(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').contact_id,
      )
      return c.json(presentContactDetail(contact), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: one,
      tags,
      summary: 'Edit name, first name, email, customer id or tags',
      request: { params: ContactParams, body: jsonBody(UpdateContactBody) },
      responses: { 200: json(ContactSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const id = c.req.valid('param').contact_id
      const body = c.req.valid('json')
      await updateContact(c.var.murmur, access.scope, id, body)
      if (body.customer_id || body.email) await tieKnownConversions(c.var.murmur, access.scope, id)
      const contact = await getContactDetail(c.var.murmur, access.scope, id)
      return c.json(presentContact(contact), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/stage`,
      tags,
      summary: 'Move the contact to a stage by hand, with the reason (kept in its history)',
      request: { params: ContactParams, body: jsonBody(StageBody) },
      responses: { 200: json(ContactSchema, 'Moved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const contact = await setContactStage(
        c.var.murmur,
        access.scope,
        c.req.valid('param').contact_id,
        { stage: body.stage, reason: body.reason, actorId: actorOf(c.var.auth) },
      )
      return c.json(presentContact(contact), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/merge`,
      tags,
      summary: 'Merge another contact into this one (the same person); split undoes it',
      request: { params: ContactParams, body: jsonBody(MergeBody) },
      responses: { 200: json(ContactSchema, 'Merged'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const contact = await mergeContacts(
        c.var.murmur,
        access.scope,
        c.req.valid('param').contact_id,
        c.req.valid('json').contact_id,
        actorOf(c.var.auth),
      )
      return c.json(presentContact(contact), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/split`,
      tags,
      summary: 'Split identities (with their messages) off into a new contact',
      request: { params: ContactParams, body: jsonBody(SplitBody) },
      responses: { 201: json(ContactSchema, 'The new contact'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const contact = await splitContact(
        c.var.murmur,
        access.scope,
        c.req.valid('param').contact_id,
        c.req.valid('json').identity_ids,
        actorOf(c.var.auth),
      )
      return c.json(presentContact(contact), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/conversions`,
      tags,
      summary: 'Tie a conversion to the contact by hand (a sale makes a customer)',
      request: { params: ContactParams, body: jsonBody(TieConversionBody) },
      responses: { 200: json(ContactSchema, 'Tied'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const id = c.req.valid('param').contact_id
      await tieConversionById(c.var.murmur, access.scope, id, c.req.valid('json').conversion_id)
      const contact = await getContactDetail(c.var.murmur, access.scope, id)
      return c.json(presentContact(contact), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${one}/timeline`,
      tags,
      summary:
        'Everything, newest first: messages, replies, stage changes, notes, conversions, clicks',
      request: { params: ContactParams, query: TimelineQuery },
      responses: {
        200: json(listOf(TimelineItemSchema, 'Timeline'), 'Timeline'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const page = await contactTimeline(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').contact_id,
        c.req.valid('query'),
      )
      return c.json(
        { data: page.data.map(presentTimelineItem), next_cursor: page.next_cursor },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/notes`,
      tags,
      summary: 'Add a note about the contact',
      request: { params: ContactParams, body: jsonBody(NoteBody) },
      responses: { 201: json(NoteSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const note = await addContactNote(
        c.var.murmur,
        access.scope,
        c.req.valid('param').contact_id,
        {
          body: c.req.valid('json').body,
          authorId: actorOf(c.var.auth),
        },
      )
      return c.json(presentNote(note), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${one}/notes/{note_id}`,
      tags,
      summary: 'Delete a note',
      request: { params: ContactNoteParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const params = c.req.valid('param')
      await deleteContactNote(access.scope, params.contact_id, params.note_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${one}/export`,
      tags,
      summary: 'Everything held about this person, as one JSON document (data access request)',
      request: { params: ContactParams },
      responses: { 200: json(ContactExportSchema, 'Export'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const data = await exportContact(c.var.murmur, access.scope, c.req.valid('param').contact_id)
      return c.json(
        {
          exported_at: iso(data.exported_at),
          contact: presentContactDetail(data.contact),
          messages: data.messages.map(presentMessage),
          conversions: data.conversions.map((conversion) => ({
            ...conversion,
            occurred_at: iso(conversion.occurred_at),
          })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/erase`,
      tags,
      summary: 'Erase this person on request: personal data removed everywhere, counts kept',
      request: { params: ContactParams },
      responses: { 200: json(ErasureSchema, 'Erased'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const report = await eraseContact(
        c.var.murmur,
        access.scope,
        c.req.valid('param').contact_id,
        actorOf(c.var.auth),
      )
      return c.json({ ...report, erased_at: iso(report.erased_at) }, 200)
    },
  )
}
