//! The order's exports from an open operation file: its document model and the PDF written
//! from it (the timeline CSV is in `csv.rs`).

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::build::ExportOptions;
use super::content::{Audience, OrderContent};
use super::pdf::RenderedPdf;
use crate::document::{or_extension, Document};
use crate::error::Result;

/// What a PDF export wrote, for the UI to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PdfExport {
    pub path: String,
    pub audience: Audience,
    pub pages: u32,
    pub bytes: u64,
    /// Characters no font has, drawn as a stand-in: one line per character, naming it, its
    /// code point and the headings it is under.
    pub missing_glyphs: Vec<String>,
    /// True when the file carries account passwords or honeytokens (an order, not a briefing).
    pub contains_secrets: bool,
}

impl Document {
    /// The order's document model for `options` (redacted for a briefing).
    pub fn order_content(&self, options: ExportOptions) -> Result<OrderContent> {
        Ok(self.content_job(options)?())
    }

    /// Lays the order out as a PDF and writes it to `out` (owner-only, replacing any file
    /// there); returns what was written.
    pub fn export_pdf(&self, out: &Path, options: ExportOptions) -> Result<RenderedPdf> {
        self.refuse_own_file(out)?;
        let rendered = super::pdf::render(&self.order_content(options)?)?;
        self.write_export(out, &rendered.bytes)?;
        Ok(rendered)
    }

    /// Opens the operation file at `path` and writes its order as a PDF to `out`, as
    /// [`Document::open_with`] then [`Document::export_pdf`] do, but checks every value of the
    /// file on this thread while another builds and lays out the PDF from what was read. All
    /// the checks run, and nothing is written unless they pass; a failed check is reported
    /// before any error of the export.
    pub fn open_and_export_pdf(
        path: &Path,
        passphrase: Option<&str>,
        out: &Path,
        options: ExportOptions,
    ) -> Result<(Document, RenderedPdf)> {
        let doc = Document::open_unchecked(path, passphrase)?;
        let rendered = doc.render_while_checking(path, out, options)?;
        doc.write_export(out, &rendered.bytes)?;
        Ok((doc, rendered))
    }

    fn render_while_checking(
        &self,
        path: &Path,
        out: &Path,
        options: ExportOptions,
    ) -> Result<RenderedPdf> {
        let read = self
            .refuse_own_file(out)
            .and_then(|()| self.content_job(options));
        let job = match read {
            Ok(job) => job,
            Err(err) => {
                self.check_opened(path)?;
                return Err(err);
            }
        };
        let (checked, rendered) = std::thread::scope(|scope| {
            let layout = scope.spawn(move || super::pdf::render(&job()));
            (self.check_opened(path), layout.join())
        });
        checked?;
        rendered.map_err(|_| crate::FeintError::invalid("the PDF layout stopped unexpectedly"))?
    }

    /// Reads what the order for `options` is made from; the returned job builds it.
    fn content_job(
        &self,
        options: ExportOptions,
    ) -> Result<Box<dyn FnOnce() -> OrderContent + Send + '_>> {
        if options.audience == Audience::AfterAction {
            let snapshot = self.after_action_snapshot()?;
            return Ok(Box::new(move || super::after_action::build(&snapshot)));
        }
        let snapshot = self.order_snapshot()?;
        Ok(Box::new(move || super::build::build(&snapshot, options)))
    }

    /// Like [`Document::export_pdf`], adding ".pdf" when the name has no extension, and reports
    /// what was written.
    pub fn export_pdf_as(&self, path: &Path, options: ExportOptions) -> Result<PdfExport> {
        let path = or_extension(path, "pdf");
        let rendered = self.export_pdf(&path, options)?;
        Ok(PdfExport {
            path: path.to_string_lossy().into_owned(),
            audience: options.audience,
            pages: rendered.pages as u32,
            bytes: rendered.bytes.len() as u64,
            missing_glyphs: rendered.missing_report(),
            contains_secrets: options.audience == Audience::Order && self.has_secrets()?,
        })
    }
}
