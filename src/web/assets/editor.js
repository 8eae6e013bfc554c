// The newsroom's enhancements: the media library's focal point and drag-and-drop upload, and the article editor's. Everything here is optional: without it the form saves,
// previews and moves through the workflow by plain posts. With it: a live preview of the body
// (rendered by the server exactly as the reader site renders it), autosave of drafts being
// written, and the soft lock that tells others who has the article open.
(function () {
  'use strict';
  // The media library: a click on the picture sets its focal point (the form's two fields).
  var focal = document.getElementById('focal-image');
  if (focal) {
    focal.addEventListener('click', function (event) {
      var box = focal.getBoundingClientRect();
      var x = Math.round(((event.clientX - box.left) / box.width) * 100);
      var y = Math.round(((event.clientY - box.top) / box.height) * 100);
      document.getElementById('focalX').value = String(x);
      document.getElementById('focalY').value = String(y);
      ['x1', 'x2'].forEach(function (a) {
        document.getElementById('focal-v').setAttribute(a, String(x));
      });
      ['y1', 'y2'].forEach(function (a) {
        document.getElementById('focal-h').setAttribute(a, String(y));
      });
    });
  }

  // The media library: pictures dropped anywhere on the upload form are uploaded at once.
  var upload = document.getElementById('media-upload');
  var files = document.getElementById('files');
  if (upload && files && window.DataTransfer) {
    ['dragenter', 'dragover'].forEach(function (type) {
      upload.addEventListener(type, function (event) {
        event.preventDefault();
        upload.classList.add('nr-dropping');
      });
    });
    upload.addEventListener('dragleave', function () {
      upload.classList.remove('nr-dropping');
    });
    upload.addEventListener('drop', function (event) {
      event.preventDefault();
      upload.classList.remove('nr-dropping');
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
      files.files = event.dataTransfer.files;
      upload.requestSubmit();
    });
  }
})();

(function () {
  'use strict';
  var form = document.getElementById('article-editor');
  if (!form) return;
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var version = form.querySelector('input[name="version"]');
  var status = form.querySelector('.nr-autosave-status');
  var body = form.querySelector('#body');
  var preview = form.querySelector('.nr-preview');
  var articleId = form.getAttribute('data-article');

  function post(url, data, accept) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: accept || 'application/json' },
      body: data,
    });
  }
  function formData() {
    var all = new FormData(form);
    // A chosen hero file is uploaded by the Save button (a multipart post), never by autosave.
    all.delete('heroUpload');
    var data = new URLSearchParams(all);
    data.set('intent', 'save');
    return data;
  }

  // Live preview, a moment after typing stops.
  var previewTimer = null;
  function refreshPreview() {
    var data = formData();
    post('/newsroom/articles/preview', data, 'text/html')
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html === null) return;
        var target = preview.querySelector('.article');
        // The server's renderer escapes everything a writer types; this is its sanitised output.
        target.innerHTML = '<div class="article-body">' + html + '</div>';
        preview.hidden = false;
      })
      .catch(function () {});
  }
  if (body && preview) {
    body.addEventListener('input', function () {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, 600);
    });
  }

  // Autosave: drafts being written only; anything further along is saved on purpose.
  if (form.getAttribute('data-autosave') === 'on') {
    var dirty = false;
    var stopped = false;
    form.addEventListener('input', function () {
      dirty = true;
    });
    setInterval(function () {
      if (!dirty || stopped) return;
      dirty = false;
      post(form.action, formData())
        .then(function (r) {
          return r.json().then(function (json) {
            return { ok: r.ok, status: r.status, json: json };
          });
        })
        .then(function (res) {
          if (res.ok) {
            version.value = String(res.json.version);
            status.textContent = 'Draft saved at ' + new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
          } else if (res.status === 409) {
            stopped = true;
            status.textContent = 'Not saved: someone else saved this article. Press Save to compare the two versions.';
          } else {
            dirty = true;
            status.textContent =
              'Not saved yet: ' + (res.json.error && res.json.error.message ? res.json.error.message : 'please check the form.');
          }
        })
        .catch(function () {
          dirty = true;
          status.textContent = 'Not saved: the connection dropped. Trying again shortly.';
        });
    }, 20000);
  }

  // Suggested topics: a button saves the form and adds its topic without leaving the page (the
  // topic fills an empty topic field, the suggestion leaves the list). If that post is refused
  // (a conflict, a role that may not create topics), the same button posts the form as it does
  // without the script, and the page the server answers with explains.
  var suggestions = form.querySelector('#suggested-topics');
  /** The first empty topic field, or a new one after the last. */
  function topicField() {
    var inputs = form.querySelectorAll('input[name="topics"]');
    for (var i = 0; i < inputs.length; i++) if (!inputs[i].value.trim()) return inputs[i];
    var last = inputs[inputs.length - 1];
    var row = last.closest('.field').cloneNode(true);
    var input = row.querySelector('input');
    var n = inputs.length;
    input.id = 'topic-' + n;
    input.value = '';
    row.querySelector('label').setAttribute('for', input.id);
    row.querySelector('label').textContent = 'Topic ' + (n + 1);
    last.closest('.field').after(row);
    return input;
  }
  if (suggestions && window.fetch) {
    suggestions.addEventListener('click', function (event) {
      var button = event.target.closest('button[name="intent"]');
      if (!button) return;
      event.preventDefault();
      button.disabled = true;
      var data = formData();
      data.set('intent', button.value);
      post(form.action, data)
        .then(function (r) {
          return r.json().then(function (json) {
            return { ok: r.ok, json: json };
          });
        })
        .then(function (res) {
          if (!res.ok || !res.json.topic) throw new Error('refused');
          version.value = String(res.json.version);
          topicField().value = res.json.topic;
          var item = button.closest('li');
          var next = item.nextElementSibling || item.previousElementSibling;
          item.remove();
          status.textContent = res.json.topic + ' added to the topics and saved.';
          if (next) next.querySelector('button').focus();
        })
        .catch(function () {
          button.disabled = false;
          form.requestSubmit(button);
        });
    });
  }

  // The soft lock: renewed every minute while the page is open, let go when it closes.
  if (articleId) {
    var lockUrl = '/newsroom/articles/' + articleId + '/lock';
    setInterval(function () {
      post(lockUrl, new URLSearchParams({ _csrf: csrf })).catch(function () {});
    }, 60000);
    window.addEventListener('pagehide', function () {
      navigator.sendBeacon('/newsroom/articles/' + articleId + '/unlock', new URLSearchParams({ _csrf: csrf }));
    });
  }
})();
