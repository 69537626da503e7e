"""The sources a rule page or an answer names, keyed as in clinical-evidence.md §13."""

from __future__ import annotations

from typing import Final

OWN_DEFAULT: Final = "E"

SOURCES: Final[dict[str, str]] = {
    "E": "Kneewise's own default, set on the careful side where the studies leave room "
    "(clinical-evidence.md §11).",
    "S0": "Runna support: How to manage runner's knee.",
    "S1": "How to Get Rid of Runner's Knee, Part 1 (physiotherapy blog).",
    "S2": "Luff C. What is runner's knee? Verywell Fit.",
    "S3": "Louw M. What is runner's knee? Exakt Health, 2021.",
    "L1": "Silbernagel KG et al. Continued sports activity using a pain-monitoring model. "
    "Am J Sports Med 2007;35:897–906.",
    "L3": "Crossley KM et al. 2016 Patellofemoral pain consensus statement, part 2. "
    "Br J Sports Med 2016;50:844–852.",
    "L4": "Esculier JF et al. Gait retraining or exercise with education in runners with "
    "patellofemoral pain: a randomised trial. Br J Sports Med 2018;52:659–666.",
    "L5": "Esculier JF et al. A contemporary approach to patellofemoral pain in runners. "
    "J Athl Train 2020;55(12); TREK Education, Runners.",
    "L6": "Buist I et al. No effect of a graded training program on injuries in novice "
    "runners. Am J Sports Med 2008;36:33–39.",
    "L7": "Nielsen RØ et al. Excessive progression in weekly running distance and injury "
    "risk. J Orthop Sports Phys Ther 2014;44:739–747.",
    "L8": "Frandsen JSB et al. How much running is too much? (Garmin-RUNSAFE cohort of 5,200 "
    "runners). Br J Sports Med 2025.",
    "L9": "Gabbett TJ. The training–injury prevention paradox. Br J Sports Med 2016;50:273–280.",
    "L12": "Impellizzeri FM et al. Time to dismiss the acute:chronic workload ratio. "
    "Sports Med 2021;51:581–592.",
    "L13": "Heiderscheit BC et al. Effects of step rate manipulation on joint mechanics during "
    "running. Med Sci Sports Exerc 2011;43:296–302.",
    "L14": "Lenhart RL et al. Increasing running step rate reduces patellofemoral joint forces. "
    "Med Sci Sports Exerc 2014;46:557–564.",
    "L16": "Bonacci J et al. Cadence and shoes and patellofemoral joint kinetics in runners "
    "with pain. J Sci Med Sport 2018;21:574–578.",
    "L18": "Bramah C et al. A 10% increase in step rate improves outcomes in runners with "
    "patellofemoral pain. Am J Sports Med 2019;47:3406–3413.",
    "L19": "Vannatta CN, Kernozek TW. Patellofemoral joint stress with changes in foot strike. "
    "Med Sci Sports Exerc 2015;47:1001–1008.",
    "L22": "Gottschall JS, Kram R. Ground reaction forces during downhill and uphill running. "
    "J Biomech 2005;38:445–452.",
    "L23": "Østerås B et al. Dose–response effects of exercise therapy in patellofemoral pain. "
    "Physiotherapy 2013;99:126–131.",
    "L25": "van der Heijden RA et al. Exercise for treating patellofemoral pain syndrome. "
    "Cochrane Database Syst Rev 2015;CD010387.",
    "L26": "Collins NJ et al. 2018 consensus statement on exercise therapy and physical "
    "interventions (Gold Coast). Br J Sports Med 2018;52:1170–1178.",
    "L27": "Neal BS et al. Risk factors for patellofemoral pain: systematic review and "
    "meta-analysis. Br J Sports Med 2019;53:270–281.",
    "L28": "Boling M et al. Gender differences in the incidence and prevalence of "
    "patellofemoral pain. Scand J Med Sci Sports 2010;20:725–730.",
    "L29": "Hall R et al. Sport specialisation and anterior knee pain in adolescent female "
    "athletes. J Sport Rehabil 2015;24:31–35.",
    "L30": "Collins NJ et al. Prognostic factors for patellofemoral pain. Br J Sports Med "
    "2013;47:227–233.",
    "L31": "Lankhorst NE et al. Factors that predict a poor outcome 5–8 years after the "
    "diagnosis of patellofemoral pain. Br J Sports Med 2016;50:881–886.",
    "L32": "Collins NJ et al. Predictors of short and long term outcome in patellofemoral "
    "pain. BMC Musculoskelet Disord 2010;11:11.",
    "L33": "Mountjoy M et al. 2023 IOC consensus statement on Relative Energy Deficiency in "
    "Sport. Br J Sports Med 2023;57:1073–1097.",
    "L34": "Milewski MD et al. Chronic lack of sleep and sports injuries in adolescent "
    "athletes. J Pediatr Orthop 2014;34:129–133.",
    "L35": "Crowell MS et al. Telehealth gait retraining for overuse knee injuries in soldiers "
    "(standard return-to-run programme, Table 1). Trials 2023;24.",
    "L36": "Sydney Physio Clinic. A return to running program.",
    "L37": "Advanced Orthopedic PT. Return to running program.",
    "L39": "Cannon A. Functional return to run progression. Merrimack College.",
    "L40": "NHS Gloucestershire G-Care knee pathway: red flags for knee conditions; "
    "247econsult knee red flags.",
    "L41": "Stiell IG et al. The Ottawa knee rules. Ann Emerg Med 1995;26:405–413.",
    "L42": "Nunes GS et al. Clinical tests for patellofemoral pain: systematic review and "
    "meta-analysis. Phys Ther Sport 2013;14:54–59.",
    "L43": "Crossley KM et al. Outcome measures for people with patellofemoral pain. "
    "Arch Phys Med Rehabil 2004;85:815–822.",
    "L44": "Piva SR et al. Responsiveness of the pain rating scale in patellofemoral pain. "
    "J Rehabil Med 2009;41:129–135.",
    "L45": "Kujala UM et al. Scoring of patellofemoral disorders. Arthroscopy 1993;9:159–163.",
    "L46": "The Anterior Knee Pain Scale scoring table, J Orthop 2023;42:54–62.",
    "L47": "Exercise interventions for patellofemoral pain, J Multidiscip Healthc "
    "2011;4:383–392; Powers CM et al. J Orthop Sports Phys Ther 2014;44:320–327.",
    "L48": "Earl-Boehm JE et al. Treatment success of hip and core or knee strengthening. "
    "J Athl Train 2018;53:545–552.",
    "L50": "Yeung EW et al. Interventions for preventing lower limb soft-tissue running "
    "injuries. Cochrane Database Syst Rev 2011.",
    "L51": "Willy RW et al. Patellofemoral pain: clinical practice guidelines. "
    "J Orthop Sports Phys Ther 2019;49(9):CPG1–CPG95.",
    "L52": "Nielsen RØ et al. Time to recovery in 254 injured novice runners. "
    "PLoS One 2014;9:e99877.",
}


def cited(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (key, citation) pairs of `keys`, in order; an unknown key raises KeyError."""
    return [(key, SOURCES[key]) for key in keys]
