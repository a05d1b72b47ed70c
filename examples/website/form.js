// The lead form, enhanced: inline validation, a JSON POST with fetch, the API's field errors next to the fields,
// and a success state. Without this script the form is a plain HTML POST that the API answers with a 303 to the
// thank-you page, so nothing here is needed for a lead to be captured.
(function () {
  'use strict';

  var form = document.getElementById('lead-form');
  if (!form || !window.fetch || !window.FormData || !window.crypto || !window.crypto.getRandomValues) {
    return; // an old browser keeps the plain form
  }
  document.documentElement.classList.replace('no-js', 'js');
  form.noValidate = true; // our messages instead of the browser's bubbles

  var status = document.getElementById('form-status');
  var success = document.getElementById('form-success');
  var button = document.getElementById('submit');
  var buttonLabel = button.textContent;

  // Mirrors what the API checks that a person can get wrong; the API stays the judge (its answer is shown too).
  var REQUIRED = {
    firstName: 'Enter your first name.',
    lastName: 'Enter your last name.',
    email: 'Enter your work email.',
    company: 'Enter your company name.',
    jobTitle: 'Enter your job title.',
    companySize: 'Choose your company size.',
    country: 'Choose your country.',
    consent: 'Please agree to be contacted, so we can answer your request.'
  };
  var EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
  var PHONE_SHAPE = /^[0-9 +\-().]*[0-9][0-9 +\-().]*$/;
  // Fields the browser may not send: the plain form's thank-you page (JSON gets a 202 instead).
  var NOT_SENT = { redirect: true };

  // One key per submission: a double click or a retry of the same content is stored once by the API.
  var idempotencyKey = null;
  var sending = false;
  var attempted = false;

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'web-' + Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  function control(name) {
    var el = form.elements.namedItem(name);
    if (el && typeof el.length === 'number' && !el.tagName) {
      return el[0]; // a radio group: its first button carries the state
    }
    return el;
  }

  function labelOf(name) {
    var el = control(name);
    if (!el) {
      return name;
    }
    var fieldset = el.closest('fieldset');
    var label = el.type === 'radio' && fieldset ? fieldset.querySelector('legend')
      : form.querySelector('label[for="' + el.id + '"]');
    if (!label) {
      return name;
    }
    var text = label.cloneNode(true);
    Array.prototype.forEach.call(text.querySelectorAll('.optional'), function (o) { o.remove(); });
    return text.textContent.replace(/\s+/g, ' ').trim();
  }

  function value(name) {
    var el = control(name);
    if (!el) {
      return '';
    }
    if (el.type === 'checkbox') {
      return el.checked;
    }
    if (el.type === 'radio') {
      return form.elements.namedItem(name).value;
    }
    return el.value.trim();
  }

  function problemOf(name) {
    var v = value(name);
    if (REQUIRED[name] && (v === '' || v === false)) {
      return REQUIRED[name];
    }
    if (name === 'email' && v !== '' && !EMAIL_SHAPE.test(v)) {
      return 'Enter an email address like jane@yourcompany.com.';
    }
    if (name === 'phone' && v !== '' && !PHONE_SHAPE.test(v)) {
      return 'Enter a phone number with digits, spaces and + - ( ) only.';
    }
    return null;
  }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (add) {
      ids.push(id);
    }
    if (ids.length) {
      el.setAttribute('aria-describedby', ids.join(' '));
    } else {
      el.removeAttribute('aria-describedby');
    }
  }

  function setError(name, message) {
    var el = control(name);
    var box = document.getElementById(name + '-error');
    if (!el || !box) {
      return false;
    }
    var targets = el.type === 'radio' ? form.elements.namedItem(name) : [el];
    Array.prototype.forEach.call(targets, function (t) {
      if (message) {
        t.setAttribute('aria-invalid', 'true');
      } else {
        t.removeAttribute('aria-invalid');
      }
      describedBy(t, box.id, !!message);
    });
    box.textContent = message || '';
    box.hidden = !message;
    return true;
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (box) {
      setError(box.id.replace(/-error$/, ''), null);
    });
  }

  function showStatus(message, details) {
    status.textContent = message;
    if (details && details.length) {
      var list = document.createElement('ul');
      details.forEach(function (d) {
        var item = document.createElement('li');
        item.textContent = d;
        list.appendChild(item);
      });
      status.appendChild(list);
    }
    status.hidden = false;
  }

  function hideStatus() {
    status.hidden = true;
    status.textContent = '';
  }

  function focusFirstInvalid() {
    var first = form.querySelector('[aria-invalid="true"]');
    if (first) {
      first.focus();
    }
  }

  function validate() {
    var count = 0;
    Object.keys(REQUIRED).concat(['phone']).forEach(function (name) {
      var problem = problemOf(name);
      setError(name, problem);
      if (problem) {
        count++;
      }
    });
    return count;
  }

  function payload() {
    var body = {};
    new FormData(form).forEach(function (v, name) {
      if (!NOT_SENT[name] && typeof v === 'string' && v.trim() !== '') {
        body[name] = v.trim();
      }
    });
    body.consent = control('consent').checked;
    if (/^https?:/.test(location.href) && location.href.length <= 2048) {
      body.pageUrl = location.href;
    }
    var query = new URLSearchParams(location.search);
    [['utm_source', 'utmSource'], ['utm_campaign', 'utmCampaign']].forEach(function (pair) {
      var v = query.get(pair[0]);
      if (v) {
        body[pair[1]] = v.slice(0, 100);
      }
    });
    return body;
  }

  function readJson(response) {
    return response.text().then(function (text) {
      try {
        return JSON.parse(text);
      } catch (e) {
        return {};
      }
    });
  }

  function retryAfter(response) {
    var seconds = parseInt(response.headers.get('retry-after') || '', 10);
    return seconds > 0 ? ' Please wait ' + seconds + (seconds === 1 ? ' second' : ' seconds') + ' and try again.'
      : ' Please wait a moment and try again.';
  }

  function answered(response, body) {
    if (response.status === 202 || response.status === 200) {
      form.hidden = true;
      success.hidden = false;
      success.focus();
      idempotencyKey = null;
      return;
    }
    if (response.status === 400 && Array.isArray(body.problems)) {
      var elsewhere = [];
      body.problems.forEach(function (p) {
        var message = labelOf(p.field) + ' ' + p.problem + '.';
        if (NOT_SENT[p.field] || !setError(p.field, message)) {
          elsewhere.push(p.field + ' ' + p.problem + '.');
        }
      });
      showStatus('We could not accept the form: please check the highlighted fields.', elsewhere);
      focusFirstInvalid();
      return;
    }
    var messages = {
      403: 'This page is not allowed to send the form. Please use our main website, or email sales@leadqual.example.',
      413: 'Your request is too large to send. Please shorten the longer fields and try again.',
      415: 'The form was sent in a format the server does not accept. Please reload the page and try again.'
    };
    if (messages[response.status]) {
      showStatus(messages[response.status]);
    } else if (response.status === 429) {
      showStatus('We are receiving a lot of requests right now; nothing was stored.' + retryAfter(response));
    } else if (response.status >= 500) {
      showStatus('We could not save your request just now; nothing was stored.' + retryAfter(response));
    } else {
      showStatus('Something went wrong (HTTP ' + response.status + '). Please try again.');
    }
    status.focus();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) {
      return; // a second click while the first is on its way
    }
    attempted = true;
    hideStatus();
    clearErrors();
    var invalid = validate();
    if (invalid) {
      showStatus(invalid === 1 ? 'Please check the highlighted field.' : 'Please check the ' + invalid
        + ' highlighted fields.');
      focusFirstInvalid();
      return;
    }
    idempotencyKey = idempotencyKey || newKey();
    sending = true;
    button.disabled = true;
    button.textContent = 'Sending…';
    form.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(payload()),
      credentials: 'omit'
    }).then(function (response) {
      return readJson(response).then(function (body) {
        answered(response, body);
      });
    }, function () {
      // No answer: the request may or may not have arrived. The same key makes the retry safe either way.
      showStatus('We could not reach our server. Check your connection and try again; nothing will be sent twice.');
      status.focus();
    }).then(function () {
      sending = false;
      button.disabled = false;
      button.textContent = buttonLabel;
      form.removeAttribute('aria-busy');
    });
  });

  // A changed form is a new submission (new key); a corrected field loses its error as soon as it is right.
  form.addEventListener('input', function (event) {
    idempotencyKey = null;
    var name = event.target.name;
    if (attempted && name && document.getElementById(name + '-error')) {
      var problem = problemOf(name);
      if (!problem) {
        setError(name, null);
      }
    }
  });
  form.addEventListener('change', function (event) {
    idempotencyKey = null;
    if (attempted && event.target.name && !problemOf(event.target.name)) {
      setError(event.target.name, null);
    }
  });
  form.addEventListener('focusout', function (event) {
    var name = event.target.name;
    // Check a field when leaving it only once it has something in it: tabbing through is no mistake.
    if (name && name !== 'consent' && value(name) !== '' && document.getElementById(name + '-error')) {
      setError(name, problemOf(name));
    }
  });

  status.tabIndex = -1;
})();
