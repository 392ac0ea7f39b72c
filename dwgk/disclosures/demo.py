"""Demo disclosures in every state for the first district committee (qs_* accounts) and the demo
village branch (cun_* accounts): draft, in review, returned, awaiting approval, escalated to the city,
out-of-catalog approval at the town, approved, scheduled, published through several channels,
interpreted, corrected, widened, withdrawn, rejected and archived."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from dwgk.catalog.selectors import published_items_for
from dwgk.core.choices import Category, Channel, Scope
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Organization, Role

from . import archive, publishing, release, services
from .models import Interpretation, SecrecyFinding, StepRecord

A = StepRecord.Action

DOCS = {
    "dues": ("关于青山区2026年第一季度党费收缴、使用和管理情况的公示",
             "<p>根据《中国共产党党费收缴、使用和管理的规定》，现将我区2026年第一季度党费收缴、使用和管理情况公示如下：</p>"
             "<p>一、党费收缴情况。全区应缴纳党费的党员12,486名，实缴党费386,520.60元，按时足额缴纳率100%。</p>"
             "<p>二、党费使用情况。下拨基层党组织党费150,000元，用于开展主题党日活动和慰问困难党员。</p>"
             "<p>如有疑问，请与区委组织部联系，联系人王晓红，手机13880012345。</p>"),
    "cadres": ("关于青山区拟任职干部的任前公示",
               "<p>经区委常委会研究，拟对下列同志进行任职调整，现予以公示。公示期为5个工作日。</p>"
               "<p>李明，男，1980年5月生，现任石桥镇党委副书记，拟任金垭镇党委书记。</p>"
               "<p>公示期间，如有反映，请向区委组织部干部监督室反映，监督电话：0818-2345678。</p>"),
    "plan": ("青山区2026年党务公开工作要点",
             "<p>2026年，全区党务公开工作坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中国共产党党务公开条例（试行）》，"
             "进一步健全党务公开目录，规范公开程序，丰富公开载体，提升公开实效。</p>"
             "<p>一、完善目录管理。二、严格保密审查，坚持先审查后公开。三、用好党务公开日，每逢双月26日集中公开。</p>"),
    "study": ("区委理论学习中心组2026年学习计划",
              "<p>区委理论学习中心组全年安排集体学习12次，专题研讨4次。</p><p>（内部）学习材料由区委宣传部统一印发。</p>"),
    "relief": ("关于2026年春节走访慰问困难党员情况的通报",
               "<p>春节期间，区委共走访慰问困难党员、老党员326名，发放慰问金及物资折合48.9万元。</p>"
               "<p>慰问金已通过一卡通发放，张某某银行卡号6222021234567890128。</p>"),
    "meeting": ("关于召开2025年度基层党组织书记抓党建述职评议会议的通知",
                "<p>定于2026年1月15日上午9:00在区委第一会议室召开2025年度基层党组织书记抓党建述职评议会议。</p>"),
    "project": ("关于青山区城市建设投资集团2026年重大项目安排的说明",
                "<p>集团党委研究确定2026年实施重大项目8个，总投资12.6亿元，严格执行“三重一大”决策制度。</p>"),
    "training": ("关于举办2026年第一期入党积极分子培训班的通知",
                 "<p>区委党校定于2026年3月举办入党积极分子培训班，培训对象为各基层党组织推荐的入党积极分子。</p>"),
    "village": ("石桥村2026年集体经济项目收益分配方案",
                "<p>经村党支部委员会研究、村民代表大会讨论，2026年村集体经济收益186,000元，按方案分配到户。</p>"),
    "village_plan": ("石桥村党支部2026年党员积分管理办法（征求意见稿）",
                     "<p>为激励党员发挥先锋模范作用，村党支部拟实行党员积分管理，现征求全体党员意见。</p>"),
}


def seed_demo(ctx) -> None:
    acc = ctx.accounts
    district, branch = ctx.demo_district, ctx.demo_branch
    prop, review, secrecy, approver, publisher = (acc[k] for k in ("qs_chengban", "qs_shenhe", "qs_baomi",
                                                                    "qs_shenpi", "qs_fabu"))
    now = timezone.now()
    item = _catalog_item(district)

    def new(key, scope=Scope.PARTY, channels=(Channel.PORTAL, Channel.BOARD), category=Category.ORGANIZATION,
            org=district, proposer=prop, in_catalog=True, **kw):
        title, body = DOCS[key]
        catalog_item = item if in_catalog and org == district and item is not None else None
        d = services.create_draft(org=org, title=title, body=body, proposer=proposer, scope=scope, category=category,
                                  channels=list(channels), catalog_item=catalog_item, actor=proposer,
                                  out_of_catalog_reason="" if catalog_item else "年度工作安排，目录未单列", **kw)
        services.set_risk_assessment(d, proposer, level="low", effect="有利于党员群众了解情况，预计无负面舆情", plan="")
        return d

    def review_pass(d, who=secrecy):
        services.submit(d, d.proposer.user)
        for f in d.findings.all():
            if f.kind == "landline":
                services.decide_finding(f, who, SecrecyFinding.Decision.WAIVE, "公开的干部监督举报电话，应当公开")
            else:
                services.decide_finding(f, who, SecrecyFinding.Decision.REDACT)
        services.act(d, who, A.PASS, opinion="经审核，内容必要、准确，不涉及国家秘密；个人信息已脱密")

    def approve(d, who=approver):
        services.act(d, who, A.PASS, opinion="同意公开")

    _configuration(ctx, district)
    # 草稿
    new("training")
    # 审核中：附件（参会名单）中的手机号码由保密审查逐项处理
    d = new("meeting", scope=Scope.UNIT)
    services.add_attachment(d, prop, name="参会人员名单.xlsx", data=_attendance_xlsx())
    services.submit(d, prop)
    # 已退回
    d = new("study", scope=Scope.UNIT, category=Category.IDEOLOGY)
    services.submit(d, prop)
    services.act(d, secrecy, A.RETURN, opinion="“内部”字样的材料不宜公开，请删除相关表述后重新提交")
    # 待审批
    d = new("plan", scope=Scope.PUBLIC, category=Category.OTHER)
    review_pass(d)
    # 上级审批中（报市委）
    d = new("cadres", scope=Scope.PUBLIC, category=Category.CADRES)
    review_pass(d)
    services.act(d, approver, A.ESCALATE, opinion="涉及乡镇党委主要负责人任职，按程序报市委审批")
    # 已审批待发布
    d = new("project", scope=Scope.UNIT, category=Category.RESOLUTIONS)
    review_pass(d)
    approve(d)
    # 定时发布（党务公开日）
    d = new("relief", scope=Scope.PARTY, category=Category.SERVICE, planned_at=now + timedelta(days=5))
    review_pass(d)
    approve(d)
    publishing.publish(d, publisher)
    # 已公开：网站、公开栏、会议，附政策解读；随后更正
    d = new("dues", channels=(Channel.PORTAL, Channel.BOARD, Channel.SCREEN, Channel.MEETING),
            document_number="青组发〔2026〕5号", written_on=date(2026, 4, 8), keywords="党费 收缴 使用 管理 公示")
    # The list's phone numbers are masked in place: readers get 党费收缴名单（脱密件）.xlsx, still a workbook.
    services.add_attachment(d, prop, name="党费收缴名单.xlsx", data=_dues_xlsx())
    review_pass(d)
    approve(d)
    publishing.publish(d, publisher, offline=[{"channel": Channel.MEETING, "held_on": ctx.today,
                                               "place": "青山区委第一会议室", "audience_count": 86}])
    # 先审查后公开: the 政策问答 is released through its own review; a second one waits for it (待审文本).
    qa = publishing.add_interpretation(d, prop, kind=Interpretation.Kind.QA, title="党费收缴政策问答",
                                       body="问：党费按什么基数缴纳？答：按每月工资收入（税后）的规定比例缴纳。"
                                            "咨询电话：0818-2381234。", author="区委组织部")
    release.release_through(release.review_of(publishing.INTERPRETATION, qa), secrecy, approver)
    publishing.add_interpretation(d, prop, kind=Interpretation.Kind.WRITTEN, title="一图读懂党费收缴使用",
                                  body="党费收缴使用情况解读：联系人王老师，手机13912345678。", author="区委组织部")
    fix = publishing.start_correction(d, prop, kind="correct", reason="实缴党费金额统计有误，更正为386,250.60元",
                                      body=d.body.replace("386,520.60", "386,250.60"))
    review_pass(fix)
    approve(fix)
    publishing.publish(fix, publisher)
    # 已公开后扩大范围（先党内后党外）
    d = new("plan", scope=Scope.PARTY, category=Category.OTHER, document_number="青委办发〔2026〕2号",
            written_on=date(2026, 2, 20), keywords="党务公开 工作要点")
    review_pass(d)
    approve(d)
    publishing.publish(d, publisher)
    publishing.request_scope_change(d, prop, scope=Scope.PUBLIC, reason="党内公开一个月无异议，按先党内后党外向社会公开")
    services.act(d, secrecy, A.PASS, opinion="可向社会公开")
    approve(d)
    # 已撤回
    d = new("meeting", scope=Scope.UNIT)
    review_pass(d)
    approve(d)
    publishing.publish(d, publisher)
    publishing.withdraw(d, approver, "会议时间调整，原通知撤回，另行通知")
    # 未通过
    d = new("study", scope=Scope.PUBLIC, category=Category.IDEOLOGY)
    services.submit(d, prop)
    for f in d.findings.all():
        services.decide_finding(f, secrecy, SecrecyFinding.Decision.WAIVE, "标注为内部，整体不宜向社会公开")
    services.act(d, secrecy, A.REJECT, opinion="属内部学习安排，不宜向社会公开")
    # 已归档
    d = new("training", scope=Scope.PARTY)
    review_pass(d)
    approve(d)
    publishing.publish(d, publisher)
    archive.archive(d, publisher, retention="30y")

    # Village branch: 目录外 items need the town (catalog maker) to agree; a town approver is created.
    town = branch.parent
    town_approver = org_services.create_person(name="罗德明", gender="M", party_org=town)
    org_services.assign_role(town_approver, town, Role.APPROVER)
    vprop, vsec, vappr = acc["cun_weiyuan"], acc["cun_baomi"], acc["cun_shuji"]
    d = new("village", org=branch, proposer=vprop, in_catalog=False, scope=Scope.UNIT, category=Category.SERVICE,
            channels=(Channel.BOARD, Channel.MEETING))
    review_pass(d, vsec)
    approve(d, vappr)  # now waiting for the town's 目录外 approval
    d = new("village_plan", org=branch, proposer=vprop, in_catalog=False, scope=Scope.PARTY)
    review_pass(d, vsec)
    approve(d, vappr)
    services.act(d, town_approver, A.PASS, opinion="同意目录外公开")
    publishing.publish(d, vappr)
    ctx.log("演示数据：公开事项（各状态）已生成")


def _configuration(ctx, district) -> None:
    """A hospital branch under the district runs the seed 003 procedure (拟定→党组织审定→第一责任人
    审签→公开); the city keeps two words on the secrecy list."""
    from . import flows, secrecy

    hospital = Organization.objects.filter(path__startswith=district.path, name__endswith="人民医院党委").first()
    office = ctx.accounts.get("sw_ban")
    if hospital is not None:
        preset = flows.SEED_003
        # The hospital's own office has no demo account: the operator sets it up at seeding (no actor).
        flows.set_template(hospital, name=preset["name"], steps=preset["steps"], source=preset["source"])
    for word, note in (("涉密载体", "涉密文件、资料等载体不得公开"), ("军事设施", "涉及军事设施的位置、用途")):
        secrecy.add_term(word, note, actor=office)


def _attendance_xlsx() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "参会人员"
    sheet.append(["序号", "姓名", "单位", "联系电话"])
    for i, (name, unit, phone) in enumerate([("王晓红", "区委组织部", "13880012345"),
                                             ("陈立新", "石桥镇党委", "13990023456"),
                                             ("刘佳", "金垭镇党委", "15882034567")], start=1):
        sheet.append([i, name, unit, phone])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _dues_xlsx() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党费收缴"
    sheet.append(["序号", "党支部", "姓名", "联系电话", "应缴（元）", "实缴（元）"])
    for i, (branch, name, phone, due) in enumerate([("区委组织部党支部", "王晓红", "13880012345", 120.0),
                                                    ("区委办公室党支部", "赵建国", "13990056789", 96.5),
                                                    ("石桥镇机关党支部", "陈立新", "15882034567", 85.0)], start=1):
        sheet.append([i, branch, name, phone, due, due])
    sheet.append(["合计", "", "", "", "=SUM(E2:E4)", "=SUM(F2:F4)"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _catalog_item(org):
    return published_items_for(org).first()
