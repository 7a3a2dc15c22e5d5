"use client";

/** Downloads text made in the browser (CSV of a table, Markdown of a review) as a file. */
export function DownloadButton({ text, fileName, label = "CSV", type = "text/csv" }: { text: () => string; fileName: string; label?: string; type?: string }) {
  return (
    <button
      type="button"
      className="no-print"
      onClick={() => {
        const url = URL.createObjectURL(new Blob([text()], { type: `${type};charset=utf-8` }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    >
      {label}
    </button>
  );
}
