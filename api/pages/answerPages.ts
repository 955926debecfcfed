import { MAX_COMMENT_LENGTH, QUESTIONS, type Question } from '../../domain/answers';
import { escapeHtml, htmlDocument } from './htmlDocument';
import type { Language } from './preferencePages';

/**
 * The pages behind the answer links of the feedback and win-back emails, in English and Japanese: self-contained
 * HTML (no scripts, no external assets), mobile first, every interpolated value escaped. A link opens the question
 * with the choice from the email preselected; nothing is recorded until the customer presses the button, because
 * mail scanners open every link in a message.
 */
export type AnswerPageView =
  | {
      kind: 'question';
      token: string;
      question: Question;
      choice?: string;
      productName?: string;
      chooseOne?: boolean;
      test?: boolean;
    }
  | { kind: 'thanks'; question: Question; choice: string; test?: boolean }
  | { kind: 'expired' };

type ChoiceTexts = Record<string, string>;

interface Texts {
  title: Record<Question, (product?: string) => string>;
  choices: Record<Question, ChoiceTexts>;
  chooseOne: string;
  commentLabel: string;
  commentHint: string;
  submit: string;
  test: string;
  thanksTitle: string;
  thanks: Record<Question, (choice: string) => string>;
  expiredTitle: string;
  expiredBody: string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    title: {
      feedback: (product) => (product ? `How would you rate ${product}?` : 'How would you rate your order?'),
      'win-back': () => 'What made you stop?',
    },
    choices: {
      feedback: {
        '1': '1 – disappointing',
        '2': '2 – not great',
        '3': '3 – all right',
        '4': '4 – good',
        '5': '5 – excellent',
      },
      'win-back': {
        'still-have-some': 'I still have some left',
        'didnt-work': "It didn't work for me",
        'too-expensive': "It's too expensive",
        'bought-elsewhere': 'I bought something else',
        'something-else': 'Something else',
      },
    },
    chooseOne: 'Please choose one of the answers.',
    commentLabel: 'Anything you would like to add? (optional)',
    commentHint: 'A person on our team reads every answer.',
    submit: 'Send my answer',
    test: 'This is a test email: your answer is stored as a test and changes nothing.',
    thanksTitle: 'Thank you',
    thanks: {
      feedback: (choice) =>
        Number(choice) <= 2
          ? "We're sorry it has disappointed you. Someone from our team will look at your answer and get back to you by email."
          : Number(choice) >= 4
            ? "We're so glad it's working for you. Thank you for taking the time to tell us."
            : 'Thank you for telling us. Your answer helps us make it better.',
      'win-back': (choice) =>
        ({
          'still-have-some': "Good to know! We'll remind you again later instead of now.",
          'didnt-work':
            "We're sorry. We'll send you the steps again, and someone from our team will be in touch to help.",
          'too-expensive':
            "Thank you for being honest. We've noted it, and we won't send you offers for it for a while.",
          'bought-elsewhere':
            "Thank you for telling us. We've noted it, and we won't send you offers for it for a while.",
        })[choice] ?? 'Thank you for telling us. It helps us understand what to do better.',
    },
    expiredTitle: 'This link has expired',
    expiredBody: 'It is too long since this email was sent. You can still tell us: just reply to the email.',
  },
  ja: {
    title: {
      feedback: (product) => (product ? `${product}の評価をお聞かせください` : 'ご注文の商品の評価をお聞かせください'),
      'win-back': () => 'ご注文をお休みされている理由をお聞かせください',
    },
    choices: {
      feedback: {
        '1': '1 – 期待はずれ',
        '2': '2 – いまひとつ',
        '3': '3 – ふつう',
        '4': '4 – 満足',
        '5': '5 – とても満足',
      },
      'win-back': {
        'still-have-some': 'まだ残っている',
        'didnt-work': '合わなかった・効果を感じなかった',
        'too-expensive': '価格が高い',
        'bought-elsewhere': 'ほかの商品を買った',
        'something-else': 'その他',
      },
    },
    chooseOne: 'いずれかをお選びください。',
    commentLabel: 'ご意見・ご感想があればお聞かせください（任意）',
    commentHint: 'いただいたご回答は、スタッフがすべて拝見します。',
    submit: '回答を送る',
    test: 'これはテストメールです。回答はテストとして保存され、何も変わりません。',
    thanksTitle: 'ありがとうございました',
    thanks: {
      feedback: (choice) =>
        Number(choice) <= 2
          ? 'ご期待に沿えず、申し訳ございません。スタッフがご回答を確認し、メールでご連絡いたします。'
          : Number(choice) >= 4
            ? '気に入っていただけてうれしいです。お時間をいただき、ありがとうございました。'
            : 'お聞かせいただき、ありがとうございます。より良くするための参考にいたします。',
      'win-back': (choice) =>
        ({
          'still-have-some': '承知しました。今はご案内を控え、しばらくしてからあらためてお知らせします。',
          'didnt-work': '申し訳ございません。使い方をあらためてお送りし、スタッフからもご連絡いたします。',
          'too-expensive': '率直なご意見をありがとうございます。しばらくの間、この商品のご案内は控えます。',
          'bought-elsewhere': 'お知らせいただき、ありがとうございます。しばらくの間、この商品のご案内は控えます。',
        })[choice] ?? 'お聞かせいただき、ありがとうございます。今後の改善に役立てます。',
    },
    expiredTitle: 'このリンクは有効期限が切れています',
    expiredBody:
      'メールの送信から時間がたっているため、このリンクはご利用いただけません。ご意見は、メールへのご返信でお寄せください。',
  },
};

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.6;color:#2e2925;background:#f6f1ec}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1.25rem 2.5rem;background:#fff;min-height:100vh;box-sizing:border-box}
@media (min-width:40rem){main{margin:2.5rem auto;border-radius:10px;min-height:0}}
h1{font-size:1.35rem;line-height:1.35;margin:0 0 1rem}
fieldset{border:0;margin:0 0 1rem;padding:0}
legend{font-weight:600;margin-bottom:.5rem}
label.choice{display:flex;gap:.75rem;align-items:center;padding:.8rem 1rem;margin:0 0 .5rem;border:2px solid #d9cfc6;border-radius:8px;font-size:1.05rem}
label.choice:has(input:checked){border-color:#8a5a44;background:#f6f1ec}
input[type=radio]{width:1.25rem;height:1.25rem;accent-color:#8a5a44}
textarea{width:100%;box-sizing:border-box;min-height:6rem;padding:.75rem;font:inherit;border:2px solid #d9cfc6;border-radius:8px}
button{width:100%;margin-top:1rem;padding:.9rem 1rem;font-size:1.05rem;font-weight:600;border-radius:8px;border:0;background:#8a5a44;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #2e6bd6;outline-offset:2px}
.note{color:#6b6058;font-size:.92rem}
.problem{color:#9b1c1c;font-weight:600}
.test{background:#fff4d6;border-radius:6px;padding:.5rem .75rem}`;

function questionBody(view: Extract<AnswerPageView, { kind: 'question' }>, t: Texts): { title: string; html: string } {
  const title = t.title[view.question](view.productName);
  const choices = QUESTIONS[view.question]
    .map((choice) => {
      const id = `choice-${choice}`;
      const checked = choice === view.choice ? ' checked' : '';
      return `<label class="choice" for="${id}"><input type="radio" id="${id}" name="choice" value="${escapeHtml(choice)}" required${checked}> ${escapeHtml(t.choices[view.question][choice])}</label>`;
    })
    .join('\n');
  // A relative action resolves against /a/{token}, so the form keeps working behind a path prefix.
  const html = [
    view.test ? `<p class="test">${escapeHtml(t.test)}</p>` : '',
    view.chooseOne ? `<p class="problem" role="alert">${escapeHtml(t.chooseOne)}</p>` : '',
    `<form method="post" action="${escapeHtml(encodeURIComponent(view.token))}">`,
    `<fieldset><legend>${escapeHtml(title)}</legend>\n${choices}\n</fieldset>`,
    `<label for="comment">${escapeHtml(t.commentLabel)}</label>`,
    `<textarea id="comment" name="comment" maxlength="${MAX_COMMENT_LENGTH}" aria-describedby="comment-hint"></textarea>`,
    `<p class="note" id="comment-hint">${escapeHtml(t.commentHint)}</p>`,
    `<button type="submit">${escapeHtml(t.submit)}</button>`,
    '</form>',
  ].join('\n');
  return { title, html };
}

export function renderAnswerPage(view: AnswerPageView, language: Language): string {
  const t = TEXTS[language];
  const { title, html } =
    view.kind === 'question'
      ? questionBody(view, t)
      : view.kind === 'thanks'
        ? {
            title: t.thanksTitle,
            html: `${view.test ? `<p class="test">${escapeHtml(t.test)}</p>` : ''}<p>${escapeHtml(t.thanks[view.question](view.choice))}</p>`,
          }
        : { title: t.expiredTitle, html: `<p>${escapeHtml(t.expiredBody)}</p>` };
  return htmlDocument({
    lang: language,
    title,
    style: STYLE,
    body: `<main>\n<h1>${escapeHtml(title)}</h1>\n${html}\n</main>`,
  });
}
