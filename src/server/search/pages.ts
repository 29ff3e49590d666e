// The portal's own pages as search results: residents type 月通报 or 联系电话, not a URL. A short list kept by hand —
// titles as the pages show them, keywords as people ask for them — indexed by every reindex and matched in memory by
// the database fallback.
export interface StaticPage {
  url: string;
  title: string;
  keywords: string[];
  description: string;
}

export const STATIC_PAGES: readonly StaticPage[] = [
  { url: "/stats/monthly", title: "月度办理情况通报", keywords: ["月通报", "月报", "每月通报", "办理情况通报", "盟市办理情况", "按期办结率"], description: "每月各盟市群众反映事项的受理、办结和按期办结情况。" },
  { url: "/stats", title: "办理情况统计", keywords: ["统计", "年度统计", "办结率", "数据", "办理情况"], description: "全年群众反映事项的受理、办理和办结情况统计。" },
  { url: "/cycle", title: "评审周期", keywords: ["三年评审周期", "复审周期", "申报时间", "复审时间", "时间节点"], description: "全国健康城镇和国家卫生城镇三年评审周期的时间节点，当前周期和下一周期。" },
  { url: "/open-data", title: "开放数据与订阅", keywords: ["开放数据", "订阅", "Atom", "RSS", "日历", "CSV", "接口", "API", "Open311"], description: "通知公告和公示的订阅源、日历、CSV 数据、开放接口和 Open311。" },
  { url: "/rectifications", title: "整改公示", keywords: ["整改", "整改期限", "整改进展", "问题整改"], description: "经核实属实的问题及其整改期限和整改进展。" },
  { url: "/responsibilities", title: "职责清单", keywords: ["牵头单位", "责任单位", "工作任务", "责任分工"], description: "健康城镇建设工作任务、牵头单位和责任单位。" },
  { url: "/report", title: "我要反映", keywords: ["投诉", "举报", "提出异议", "反映问题", "线索"], description: "对公示对象提出异议，或对卫生问题投诉、提供线索。" },
  { url: "/track", title: "办理查询", keywords: ["查询进度", "办理进度", "查询码", "受理编号"], description: "用受理编号和查询码查看反映事项的办理进度和答复。" },
  { url: "/privacy", title: "个人信息保护告知", keywords: ["个人信息", "隐私", "隐私政策", "个人信息保护法", "保存期限"], description: "收集哪些个人信息、为什么收集、谁能看到、保存多久，以及您依法享有的权利。" },
  { url: "/accessibility", title: "无障碍声明", keywords: ["无障碍", "适老化", "大字版", "读屏", "高对比度"], description: "本站达到的无障碍标准、已知不足和获得帮助的方式。" },
  { url: "/guide", title: "办事指南", keywords: ["常见问题", "问答", "FAQ", "如何提出异议", "如何投诉", "办理时限", "匿名"], description: "异议和投诉如何受理、办理时限（工作日）和匿名反映的含义。" },
  { url: "/contact", title: "联系我们", keywords: ["联系方式", "联系电话", "电话", "地址", "邮箱"], description: "爱卫办的地址、电话和电子邮箱。" },
];
