// The same ready signal as StableTill's UI, so both are timed to the same moment.
document.body.dataset.ready = "true";
performance.mark("stabletill-ready");
