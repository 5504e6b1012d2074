#!/usr/bin/env python3
"""Builds assets/questions.json from the user's documents in ../shared/seeds.

Question wording and principles come from the seeds; what each question tests, the tips and
fixed wording of a few template prompts are Starling's own words, kept here. Run once after the seeds change; the JSON is committed.
"""
import json, re, sys, pathlib

seeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "assets/questions.json")

# Our words: (what the interviewer listens for, [tips]) per question number of question-bank.txt.
OURS = {
 1: ("Whether you spot complexity from the user's side and remove it, even when that costs you more work.",
     ["Open with the user's pain, then your fix.", "Make clear the simplification was your idea or your push."]),
 2: ("Whether a customer's problem becomes your problem, beyond what your role strictly asks.",
     ["Say why you chose to step in.", "Put a number on what was at stake for the customer or the business."]),
 3: ("Whether you move forward when the brief is fuzzy: find facts, scope deliberately, iterate.",
     ["Name the decisions you made to scope it.", "Show how you went looking for the missing information."]),
 4: ("Whether you hold a quality bar under pressure and can explain the cost of cutting corners.",
     ["Name the specific risk you refused to ship.", "Show the compromise you proposed instead of a flat no."]),
 5: ("Whether you notice friction in how the team works and fix it without being asked.",
     ["Measure the process before and after.", "Say how you got the team to adopt the change."]),
 6: ("Whether you own an incident calmly: contain it, find the cause, stop it happening again.",
     ["Walk through the steps in order: detect, mitigate, fix, prevent.", "Own your part plainly; no blame."]),
 7: ("Whether you can run a technical project end to end and define how success is measured.",
     ["State the success metric early, then report against it.", "Highlight one hard technical choice and why."]),
 8: ("Whether you take the lead on a problem others walk past.",
     ["Say what you saw that others missed.", "Show the first concrete step you took yourself."]),
 9: ("Whether you deliver on time under a hard deadline by planning and cutting scope wisely.",
     ["Explain what you cut and what you protected.", "Give the date you hit and what it enabled."]),
 10: ("Whether you plan, track and adjust so that a tight deadline is met.",
     ["Describe how you tracked progress day to day.", "Mention one risk you saw early and how you handled it."]),
 11: ("Whether you can tell the story of real impact and your own part in it.",
     ["Lead with the outcome in one sentence, then tell the story.", "Quantify the impact: users, money, time."]),
 12: ("Whether you measure the effect of your work instead of assuming it.",
     ["Name the metrics and the tools you use.", "Give an example where the numbers changed your mind."]),
 13: ("Whether you do what the team needs even when it is not in your job description.",
     ["Say why it mattered enough to take on.", "Show that your own work did not suffer."]),
 14: ("A second example of stepping outside your role: they want a pattern, not a one-off.",
     ["Pick a story different in kind from your first one.", "End with what changed for the team."]),
 15: ("Whether you own a missed commitment honestly and learn from it.",
     ["Do not hide the miss; state its impact.", "Spend time on what you changed afterwards."]),
 16: ("Whether you choose the harder path now when it pays off over the long run.",
     ["Make the short-term cost explicit.", "Show the long-term payoff with evidence."]),
 17: ("Whether you admit a mistake quickly, fix it, and prevent a repeat.",
     ["Say \"I\" made the mistake; be specific.", "Finish with the safeguard you put in place."]),
 18: ("Whether you weigh quick wins against long-term goals with clear reasoning.",
     ["Lay out both options and their costs.", "Explain how you brought others along with the choice."]),
 19: ("Whether you side with the customer even when it is unpopular inside the company.",
     ["Describe the internal pushback honestly.", "Show the customer outcome that proved you right."]),
 20: ("Whether you listen to customers and turn their feedback into a concrete change.",
     ["Quote or paraphrase the feedback.", "Measure the change it led to."]),
 21: ("Whether you anticipate what customers will need before they ask.",
     ["Say what signal tipped you off.", "Show how customers responded once it shipped."]),
 22: ("Whether you can own a customer disappointment and what you learned from it.",
     ["Keep the failure real, not a disguised success.", "Close with a lesson you still apply."]),
 23: ("Whether you persist through obstacles and still deliver.",
     ["Name the obstacle and why it was hard.", "Show the steps that got you past it."]),
 24: ("Whether you prioritize competing demands with a clear, explainable method.",
     ["Say how you ranked the work (impact, urgency, cost).", "Mention what you said no to and how."]),
 25: ("Whether you notice a failing project early and turn it around.",
     ["Give the warning signs you saw.", "Show the recovery plan and the result."]),
 26: ("Whether you can decide and act when information is incomplete, and manage the risk.",
     ["Say what you knew, what you did not, and why waiting was worse.", "Mention how you kept the decision reversible."]),
 27: ("Whether you take risks that are calculated: bounded downside, clear upside.",
     ["Explain how you limited the downside.", "Give the outcome, good or bad, and what you learned."]),
 28: ("Whether you act quickly when speed matters, and use judgment about when to ask.",
     ["Explain why waiting would have cost more.", "Show that you informed the right people right after."]),
 29: ("Whether you break analysis paralysis and get a team moving again.",
     ["Describe how you made the decision smaller or reversible.", "Give the time saved or the result."]),
}

principles = []
for line in (seeds / "leadership-principles.md").read_text().splitlines():
    m = re.match(r"\d+\. ([^:]+): (.+)", line)
    if m:
        summary = m.group(2).strip()
        principles.append({"name": m.group(1).strip(), "summary": summary[:1].upper() + summary[1:]})

def canonical(name):
    """Matches the bank's short principle names ('Insist on Highest Standards') to the list."""
    key = re.sub(r"[^a-z]", "", name.lower().replace("the", ""))
    for p in principles:
        if re.sub(r"[^a-z]", "", p["name"].lower().replace("the", "")) == key:
            return p["name"]
    raise SystemExit(f"unknown principle {name!r}")

questions = []
lines = (seeds / "question-bank.txt").read_text().splitlines()
for i, line in enumerate(lines):
    m = re.match(r"(\d+)\. (.+)", line)
    if m and i + 1 < len(lines) and lines[i + 1].startswith("LP Alignment:"):
        n = int(m.group(1))
        lps = [canonical(p.strip()) for p in lines[i + 1].split(":", 1)[1].split("/")]
        testing, tips = OURS[n]
        questions.append({"id": f"bank-{n:02}", "text": m.group(2).strip(), "principles": lps,
                          "testing": testing, "tips": tips, "source": "question bank"})
assert len(questions) == 29, len(questions)

# Our mapping of the notes template's prompts to principles (the template names none).
NOTES_LPS = {
 1: ["Ownership"], 2: ["Earn Trust"], 3: ["Deliver Results", "Earn Trust"], 4: ["Invent and Simplify"],
 5: ["Ownership"], 6: ["Ownership", "Think Big"], 7: ["Bias for Action", "Deliver Results"],
 8: ["Earn Trust", "Learn and Be Curious"], 9: ["Dive Deep"], 10: ["Bias for Action"],
 11: ["Ownership", "Invent and Simplify"], 12: ["Bias for Action", "Are Right, A Lot"], 13: ["Deliver Results"],
 14: ["Earn Trust"], 15: ["Deliver Results"], 16: ["Learn and Be Curious"], 17: ["Ownership"],
 18: ["Earn Trust", "Have Backbone; Disagree and Commit"], 19: ["Learn and Be Curious"],
 20: ["Bias for Action", "Ownership"], 21: ["Bias for Action"], 22: ["Have Backbone; Disagree and Commit"],
 23: ["Have Backbone; Disagree and Commit", "Earn Trust"], 24: ["Deliver Results", "Frugality"],
 25: ["Dive Deep", "Invent and Simplify"], 26: ["Deliver Results", "Are Right, A Lot"],
}

# Our words for the notes template's prompts: (what the interviewer listens for, [tips]).
NOTES_OURS = {
 1: ("Whether you led without being asked: you saw a gap nobody owned, took it, and brought others along.",
     ["Say why it fell to you and what would have happened if nobody stepped up.", "Name the people you led and one decision you made for the group."]),
 2: ("Whether you take criticism without defending yourself, and what you changed because of it.",
     ["Quote the feedback plainly; do not soften it.", "Spend most of the answer on what you did differently afterwards, and how you know it worked."]),
 3: ("Honesty about a miss: you own it, you warned people early, and you changed how you commit.",
     ["Pick a real miss, not a disguised success.", "Say when you told the stakeholders and what you offered them instead.", "End with the habit you changed so it does not happen again."]),
 4: ("Whether you invent, not just adopt: a new idea of yours, why it was needed, and what it changed.",
     ["Start with the problem the innovation solved, in one or two sentences.", "Make clear which part of the idea was yours.", "Give the result as a number: time saved, users reached, errors avoided."]),
 5: ("Ownership beyond your job description: you saw a problem outside your area and fixed it anyway.",
     ["Say whose area it was and why you acted rather than waiting.", "Show how you kept your own work on track at the same time."]),
 6: ("Long-term thinking: a short-term cost you chose to pay, and why it was worth it.",
     ["Name the short-term goal you gave up and who had to agree.", "Show the long-term payoff with a figure, even an estimate."]),
 7: ("How you re-plan under pressure: what you dropped, what you kept, and who you told.",
     ["Say what changed and how quickly you had to react.", "Explain how you chose what to drop, not only what you did first."]),
 8: ("Self-criticism: a failure that was yours, what you learned, and what you do differently now.",
     ["Own the failure with \"I\"; do not blame the team or the tools.", "Keep the story short and give the lesson real time."]),
 9: ("Whether you go to the details yourself: the data you dug into and what it revealed.",
     ["Name the data, logs or metrics you looked at yourself.", "Say which first explanation turned out wrong, and how you found that out."]),
 10: ("Speed with judgement: how fast you acted, which risks you took, and how you limited the damage.",
     ["Give the clock: when it started, when you acted, when it was fixed.", "Say what you did to stop it happening again."]),
 11: ("Whether you notice waste and fix it without being told: the inefficiency, your fix, the saving.",
     ["Measure the waste before and after.", "Make clear the idea and the push were yours."]),
 12: ("Calculated risk: deciding with incomplete data, and how you made the decision safe to reverse.",
     ["Say what data was missing and why waiting was worse.", "Explain how you limited the risk and checked the outcome later."]),
 13: ("Delivering on time without dropping quality: the trade-offs you made and how you made them.",
     ["State the deadline and why it could not move.", "Name what you cut or simplified, and what you refused to cut."]),
 14: ("Whether you can make something complex simple for people outside your field.",
     ["Say who the audience was and what they needed to decide.", "Give the analogy or picture you used, and how you knew they understood."]),
 15: ("Judgement under pressure: how you ranked the bug against other work and who you kept informed.",
     ["Explain how you judged the bug's impact on customers.", "Say what you paused, and how you told the people affected."]),
 16: ("Curiosity with a method: how you learn, not only what you learned.",
     ["Describe the plan: sources, practice, and how you checked your progress.", "End with something you built or changed using what you learned."]),
 17: ("Ownership when a teammate steps back: you covered the gap without letting quality or the relationship slip.",
     ["Say how you noticed the change and whether you raised it with them or the manager.", "Make clear what you took on and how you kept the deadline."]),
 18: ("Whether you earn trust while delivering unwelcome news: you anticipated concerns and addressed them.",
     ["Name the concerns you expected before you spoke to anyone.", "Say how you explained the change and what you did about the objections."]),
 19: ("How fast you learn in the unknown: what you did first, who you asked, and what you delivered.",
     ["Describe your first week: what you read, who you asked, what you tried.", "End with what you delivered and how soon."]),
 20: ("Judgement and ownership: acting alone when it was right to, and keeping your manager informed.",
     ["Explain why you could not wait for your manager.", "Say when and how you told them, and what you would do the same way again."]),
 21: ("Bias for action: you moved before anyone asked, and it made a difference.",
     ["Say what you noticed that others had not acted on.", "Show the result of moving first, with a number if you can."]),
 22: ("Backbone with respect: you disagreed with data, listened, and committed once it was decided.",
     ["Give the other person's view fairly before yours.", "Say how it was decided, and how you committed even if you did not get your way."]),
 23: ("Whether you resolve conflict on the facts and keep the working relationship.",
     ["Describe the disagreement without blaming the person.", "Say what you did to understand their side and how you reached an agreement."]),
 24: ("Pragmatism: a short-term fix you chose on purpose, and how you paid back the shortcut.",
     ["Explain why the proper design could not wait.", "Say what you did to contain the shortcut and when it was replaced."]),
 25: ("Whether you measure what matters: a metric you designed, what it exposed, and what improved.",
     ["Define the metric in one sentence and say why the existing ones fell short.", "Give the improvement it drove as a before-and-after number."]),
 26: ("Whether you change course on new facts rather than finishing the wrong thing.",
     ["Say what you learned at 75% that changed the plan.", "Explain how you decided, what was kept, and how you told the team."]),
}

# The template's wording where it would read as a typo in the app (same question, fixed grammar).
NOTES_WORDING = {
 2: "Tell me about a time you got tough feedback.",
 3: "Tell me about a time you failed to meet a commitment you had promised.",
 8: "Tell me about a failure in your work.",
 12: "Describe a time you made a decision without having enough data.",
 15: "Describe how you prioritized your tasks when a bug happened.",
 16: "Tell me about a plan you used to learn something new.",
 19: "Tell me about a time you were thrown into a project where you had no experience.",
 21: "Tell me about a time you were the first one to take action on something.",
}

# The notes template's 26 prompts, with the story the user mapped to each as a note.
notes = (seeds / "notes-template-and-questions.txt").read_text()
block = notes.split("## Take notes", 1)[1].split("## Follow-up", 1)[0]
for m in re.finditer(r"^(\d+)\. (.+)$", block, re.M):
    text, _, story = m.group(2).partition("→")
    n = int(m.group(1))
    text = NOTES_WORDING.get(n, text.replace("**", "").strip())
    if not text.endswith((".", "?")):
        text += "?" if text.startswith(("Could", "What", "How")) else "."
    testing, tips = NOTES_OURS[n]
    questions.append({"id": f"notes-{n:02}", "text": text, "principles": [canonical(p) for p in NOTES_LPS[n]],
                      "testing": testing, "tips": tips, "story_note": story.replace("**", "").strip(" .*"),
                      "source": "notes template"})
assert len(questions) == 29 + 26, len(questions)

multi = [
 ("prompt-deadlines", "prompt-deadlines-persuasion.txt", ["Deliver Results", "Ownership", "Earn Trust"],
  "Three short stories in one answer: delivery under pressure, going beyond, and persuasion. They listen for approach, trade-offs and numbers in each.",
  ["Keep each story near a minute: STAR, then one line on trade-offs and one metric.", "Say what you said no to, and what you learned."]),
 ("prompt-end-to-end", "prompt-end-to-end-project.txt", ["Ownership", "Dive Deep", "Deliver Results"],
  "A deep dive on a project you led, then how you would attack an unfamiliar production problem. They listen for ownership, trade-offs and a calm, hypothesis-driven method.",
  ["Use STAR plus a Reflection: alternatives you rejected and what you would change.", "For the production problem: hypotheses, telemetry, success criteria, who you would call, how you would escalate."]),
]
for qid, fname, lps, testing, tips in multi:
    text_lines = (seeds / fname).read_text().splitlines()
    text = next(l for l in text_lines if l.startswith(("Describe", "Explain a complex")))
    questions.append({"id": qid, "text": text.strip(), "principles": [canonical(p) for p in lps],
                      "testing": testing, "tips": tips, "source": "multi-part prompt", "multi_part": True})

# Ours (Starling's words), for the principles the documents leave out: every principle can be asked.
ours = [
 ("starling-01", "Tell me about a time you helped someone on your team grow into a bigger role.", "Hire and Develop the Best",
  "Whether you develop people on purpose: you saw what they could do, gave them stretch work and feedback, and their growth shows.",
  ["Name where the person started and where they got to.", "Say what you did for them: the work you handed over, the feedback you gave, in your words."]),
 ("starling-02", "Tell me about a time you gave a colleague difficult feedback.", "Hire and Develop the Best",
  "Whether you tell people the truth about their work in a way that helps them improve, and follow through.",
  ["Quote what you actually said, not a summary of it.", "End with what changed in their work afterwards."]),
 ("starling-03", "Tell me about a time you made your team's working life better.", "Strive to be Earth's Best Employer",
  "Whether you notice what wears people down (on-call load, unclear goals, unfair work) and change it, not only the output.",
  ["Say how you found out what was wrong: who told you, what you measured.", "Give a number for the change: hours saved, pages cut, people who stayed."]),
 ("starling-04", "Tell me about a time you supported a teammate who was struggling.", "Strive to be Earth's Best Employer",
  "Whether you act with empathy and still keep the work on track.",
  ["Keep private details out; say what you noticed and what you did.", "Give both sides of the result: the person and the work."]),
 ("starling-05", "Tell me about a time you weighed the effect of a decision on people beyond your team and your customers.", "Success and Scale Bring Broad Responsibility",
  "Whether you think about the wider effects of your work: on other teams, communities, privacy, safety or the environment.",
  ["Name who else the decision touched and how you learned about them.", "Say what you changed because of it, and what it cost."]),
 ("starling-06", "Tell me about a time you made something you built safer, more accessible or less wasteful than it had to be.", "Success and Scale Bring Broad Responsibility",
  "Whether you take responsibility for your work's effect on the world even when nobody asks.",
  ["Say why it was not required and why you did it anyway.", "Measure the difference: incidents, users reached, energy or money saved."]),
]
for qid, text, lp, testing, tips in ours:
    questions.append({"id": qid, "text": text, "principles": [canonical(lp)], "testing": testing, "tips": tips, "source": "starling"})

rules = [
 "Say \"I\" for what you did; \"we\" hides your part.",
 "Be concrete: names of systems, dates, numbers.",
 "Aim for two to three minutes.",
 "Prepare two or three stories that can serve several principles.",
 "End with a measurable result and, when asked, what you learned.",
]
out.write_text(json.dumps({"version": 1, "principles": principles, "rules": rules, "questions": questions},
                          indent=1, ensure_ascii=False) + "\n")
print(f"{out}: {len(principles)} principles, {len(questions)} questions")
